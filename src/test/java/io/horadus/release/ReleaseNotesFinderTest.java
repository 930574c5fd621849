package io.horadus.release;

import io.horadus.api.NotesSource;
import io.horadus.api.ReleaseNotesSpec;
import io.horadus.release.notes.ChangelogSection;
import io.horadus.release.notes.ReleaseNotesFinder;
import io.horadus.release.notes.TagMessage;
import io.horadus.release.policy.SemanticVersion;
import io.horadus.release.port.SourceResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Where release notes are found: the tag's message body, else the version's changelog section. */
class ReleaseNotesFinderTest {

    private static final SemanticVersion V120 = SemanticVersion.of("v1.2.0").orElseThrow();

    @TempDir
    Path checkout;

    @Test
    @DisplayName("the tag's body is the message after its subject paragraph")
    void tagBody() {
        assertThat(TagMessage.body("Release v1.2.0\n\nFixes login.\n\n- adds users.email\n")).contains("Fixes login.\n\n- adds users.email");
        assertThat(TagMessage.body("Release v1.2.0\r\n\r\nFixes login.\r\n")).contains("Fixes login.");
        assertThat(TagMessage.body("\nRelease v1.2.0\n\nFixes login.")).contains("Fixes login.");
    }

    @Test
    @DisplayName("a message that is only a subject, even over several lines, has no notes")
    void subjectOnly() {
        assertThat(TagMessage.body("Release v1.2.0")).isEmpty();
        assertThat(TagMessage.body("Release v1.2.0\n")).isEmpty();
        assertThat(TagMessage.body("Release v1.2.0\nstill the subject\n\n  \n")).isEmpty();
        assertThat(TagMessage.body("")).isEmpty();
        assertThat(TagMessage.body(null)).isEmpty();
    }

    @Test
    @DisplayName("a signed tag's signature is no part of its notes")
    void signatureDropped() {
        assertThat(TagMessage.body("Release v1.2.0\n\nFixes login.\n-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n"))
                .contains("Fixes login.");
        assertThat(TagMessage.body("Release v1.2.0\n-----BEGIN SSH SIGNATURE-----\nU1NI\n-----END SSH SIGNATURE-----\n")).isEmpty();
    }

    @Test
    @DisplayName("the changelog's section runs from the heading naming the version to the next heading of its level or higher")
    void changelogSection() {
        var changelog = """
                # Changelog

                ## [Unreleased]
                - not yet

                ## [1.2.0] - 2026-12-01
                ### Added
                - users.email

                ### Fixed
                - login

                ## [1.1.0] - 2026-11-01
                - older
                """;
        assertThat(ChangelogSection.of(changelog, V120)).contains("### Added\n- users.email\n\n### Fixed\n- login");
    }

    @Test
    @DisplayName("headings name the version in the usual ways, at any level")
    void headingForms() {
        for (var heading : new String[] {"## [1.2.0]", "## v1.2.0", "## 1.2.0 - 2026-12-01", "# Release v1.2.0", "### [v1.2.0](https://x/compare/v1.1.0...v1.2.0)", "## V1.2.0 ##"}) {
            assertThat(ChangelogSection.of(heading + "\nnotes\n" + heading.replaceAll("[^#].*", "") + " 1.1.0\nolder\n", V120))
                    .as(heading).contains("notes");
        }
    }

    @Test
    @DisplayName("another version that contains the digits is not the version's heading")
    void otherVersions() {
        for (var heading : new String[] {"## [11.2.0]", "## 1.2.0-rc.1", "## 1.2.01", "## 1.2.0.1", "## v21.2.0", "## 0.1.2.0"}) {
            assertThat(ChangelogSection.of(heading + "\nnotes\n", V120)).as(heading).isEmpty();
        }
    }

    @Test
    @DisplayName("a heading inside a fenced code block is text, and an empty section is no notes")
    void fencesAndEmptySections() {
        assertThat(ChangelogSection.of("## 1.2.0\nrun:\n```\n# 1.1.0 comment\n```\ndone\n## 1.1.0\n", V120))
                .contains("run:\n```\n# 1.1.0 comment\n```\ndone");
        assertThat(ChangelogSection.of("## 1.2.0\n\n## 1.1.0\nolder\n", V120)).isEmpty();
        assertThat(ChangelogSection.of("```\n## 1.2.0\nnotes\n```\n", V120)).isEmpty();
    }

    @Test
    @DisplayName("the tag's body wins over the changelog; the changelog is read when the body is empty")
    void tagFirstThenChangelog() throws Exception {
        Files.writeString(checkout.resolve("CHANGELOG.md"), "## 1.2.0\nfrom the changelog\n");
        var spec = changelog("CHANGELOG.md");

        var fromTag = (ReleaseNotesFinder.Lookup.Found) ReleaseNotesFinder.find(resolved("Release v1.2.0\n\nfrom the tag"), spec);
        assertThat(fromTag.notes().getSource()).isEqualTo(NotesSource.Tag);
        assertThat(fromTag.notes().getText()).isEqualTo("from the tag");

        var fromChangelog = (ReleaseNotesFinder.Lookup.Found) ReleaseNotesFinder.find(resolved("Release v1.2.0"), spec);
        assertThat(fromChangelog.notes().getSource()).isEqualTo(NotesSource.Changelog);
        assertThat(fromChangelog.notes().getText()).isEqualTo("from the changelog");
    }

    @Test
    @DisplayName("missing notes say why: no changelog named, no such file, no section")
    void missing() throws Exception {
        assertThat(why(changelog(null))).endsWith("spec.releaseNotes.changelog names no changelog");
        assertThat(why(changelog("docs/CHANGELOG.md"))).endsWith("docs/CHANGELOG.md is not a file in the checkout");
        Files.writeString(checkout.resolve("CHANGELOG.md"), "## 1.1.0\nolder\n");
        assertThat(why(changelog("CHANGELOG.md"))).endsWith("CHANGELOG.md has no section under a heading naming 1.2.0");
    }

    @Test
    @DisplayName("a changelog that is a link out of the checkout is not read")
    void linkOutOfTheCheckoutNotFollowed() throws Exception {
        var outside = Files.createTempFile("secret", ".md");
        try {
            Files.writeString(outside, "## 1.2.0\nsomething of the operator's machine\n");
            Files.createSymbolicLink(checkout.resolve("CHANGELOG.md"), outside);
            assertThat(why(changelog("CHANGELOG.md"))).endsWith("CHANGELOG.md is not a file in the checkout");
        } finally {
            Files.delete(outside);
        }
    }

    @Test
    @DisplayName("long notes are cut to the bound with a line saying how much is left out")
    void bounded() {
        var text = "x".repeat(ReleaseNotesFinder.STATUS_MAX) + "\uD83D\uDE00" + "y".repeat(500);
        var cut = ReleaseNotesFinder.bounded(text, ReleaseNotesFinder.STATUS_MAX, "CHANGELOG.md");
        assertThat(cut.length()).isLessThanOrEqualTo(ReleaseNotesFinder.STATUS_MAX);
        assertThat(cut).startsWith("xxxx").matches("(?s)x+\n… \\((\\d+) more characters in CHANGELOG.md\\)");
        var kept = cut.indexOf('\n');
        assertThat(cut).endsWith("(" + (text.length() - kept) + " more characters in CHANGELOG.md)");
        assertThat(ReleaseNotesFinder.bounded("short", 10, "x")).isEqualTo("short");

        var emoji = "\uD83D\uDE00".repeat(3000);
        var cutEmoji = ReleaseNotesFinder.bounded(emoji, 2048, "the tag's message");
        assertThat(Character.isHighSurrogate(cutEmoji.charAt(cutEmoji.indexOf('\n') - 1))).isFalse();
    }

    private String why(ReleaseNotesSpec spec) {
        return ((ReleaseNotesFinder.Lookup.Missing) ReleaseNotesFinder.find(resolved("Release v1.2.0"), spec)).why();
    }

    private SourceResult.Resolved resolved(String message) {
        return new SourceResult.Resolved("v1.2.0", "c120", message, checkout);
    }

    private static ReleaseNotesSpec changelog(String path) {
        var spec = new ReleaseNotesSpec();
        spec.setChangelog(path);
        return spec;
    }

}

package io.horadus.release.notes;

import io.horadus.api.NotesSource;
import io.horadus.api.ReleaseNotes;
import io.horadus.api.ReleaseNotesSpec;
import io.horadus.release.policy.SemanticVersion;
import io.horadus.release.port.SourceResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a release's notes, as the runbook's reviewer would: the annotated tag's message body first,
 * else the version's section of the changelog named in spec.releaseNotes.changelog. Reads only the
 * checkout; the changelog must be a file inside it (a link leading out of the checkout is not followed,
 * so a repository cannot make the operator publish a file of its own machine).
 */
public final class ReleaseNotesFinder {

    /** Notes kept in status: short notes are what the runbook asks for, and status must stay small. */
    public static final int STATUS_MAX = 2048;
    /** Notes in an Event: the operator's Event writer keeps 1024 characters of a message. */
    public static final int EVENT_MAX = 900;
    /** A changelog is read up to this size; a version's section beyond it is not found. */
    static final int CHANGELOG_READ_MAX = 1 << 20;

    private ReleaseNotesFinder() {
    }

    /** The notes found, bounded for status, or why there are none (a sentence a person can act on). */
    public sealed interface Lookup {
        record Found(ReleaseNotes notes) implements Lookup {
        }

        record Missing(String why) implements Lookup {
        }
    }

    public static Lookup find(SourceResult.Resolved resolved, ReleaseNotesSpec spec) {
        var body = TagMessage.body(resolved.message());
        if (body.isPresent()) {
            return new Lookup.Found(new ReleaseNotes(NotesSource.Tag, null, bounded(body.get(), STATUS_MAX, "the tag's message")));
        }
        var tagWhy = "the annotated tag " + resolved.tag() + " has no message body after its subject line";
        var path = spec == null ? null : spec.getChangelog();
        if (path == null) {
            return new Lookup.Missing(tagWhy + ", and spec.releaseNotes.changelog names no changelog");
        }
        var version = SemanticVersion.of(resolved.tag()).orElseThrow();
        var changelog = read(resolved.worktree(), path);
        if (changelog.isEmpty()) {
            return new Lookup.Missing(tagWhy + ", and " + path + " is not a file in the checkout");
        }
        var section = ChangelogSection.of(changelog.get(), version);
        if (section.isEmpty()) {
            return new Lookup.Missing(tagWhy + ", and " + path + " has no section under a heading naming " + version);
        }
        return new Lookup.Found(new ReleaseNotes(NotesSource.Changelog, path, bounded(section.get(), STATUS_MAX, path)));
    }

    /**
     * The text, or its beginning and a last line saying how much was cut, at most {@code max} characters.
     *
     * @param where where the whole text is, for the reader who wants it
     */
    public static String bounded(String text, int max, String where) {
        if (text.length() <= max) {
            return text;
        }
        var marker = "\n… (" + "%d more characters in " + where + ")";
        var cut = max - String.format(marker, text.length()).length();
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + String.format(marker, text.length() - cut);
    }

    private static Optional<String> read(Path worktree, String path) {
        try {
            var root = worktree.toRealPath();
            var file = worktree.resolve(path).toRealPath();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try (InputStream in = Files.newInputStream(file)) {
                return Optional.of(new String(in.readNBytes(CHANGELOG_READ_MAX), StandardCharsets.UTF_8));
            }
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " in the checkout", e);
        }
    }
}

package io.horadus.it;

import io.horadus.api.NotesSource;
import io.horadus.api.Phase;
import io.horadus.demo.SampleApp;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runbook's release notes and semantic versions on a real Docker engine and real git: what a
 * release driver sees in status and Events, and that a refused release runs nothing on the host.
 */
class ReleaseNotesIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    @DisplayName("notes from the annotated tag's body are shown in status and in an Event")
    void notesFromTheTagBody() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith();
        git.commit(SampleApp.files(v100), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nUser-visible: login works again.\nOperations: new env var HORADUS_MODE.\nRollback: safe.\n");

        releases.create("tag-notes", "v1.0.0", git.url(), app.project(), v100);
        await().atMost(TIMEOUT).until(() -> releases.readyAt("tag-notes", "v1.0.0"));

        var notes = releases.get("tag-notes").getStatus().getRelease().getNotes();
        assertThat(notes.getSource()).isEqualTo(NotesSource.Tag);
        assertThat(notes.getText()).isEqualTo("User-visible: login works again.\nOperations: new env var HORADUS_MODE.\nRollback: safe.");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(cluster.client().v1().events().inNamespace(Releases.NAMESPACE)
                .list().getItems()).filteredOn(e -> e.getInvolvedObject().getName().equals("tag-notes") && "ReleaseNotes".equals(e.getReason()))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getMessage()).startsWith("v1.0.0 release notes:\nUser-visible: login works again.");
                }));
    }

    @Test
    @DisplayName("a tag with only a subject takes its notes from the changelog's section for the version")
    void notesFromTheChangelog() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith();
        var files = new java.util.HashMap<>(SampleApp.files(v100));
        files.put("CHANGELOG.md", "# Changelog\n\n## [1.0.0] - 2026-12-01\n### Added\n- the first release\n\n## [0.9.0]\n- a preview\n");
        git.commit(Map.copyOf(files), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0");

        releases.create("changelog-notes", "v1.0.0", git.url(), app.project(), v100,
                spec -> spec.getReleaseNotes().setChangelog("CHANGELOG.md"));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("changelog-notes", "v1.0.0"));

        var notes = releases.get("changelog-notes").getStatus().getRelease().getNotes();
        assertThat(notes.getSource()).isEqualTo(NotesSource.Changelog);
        assertThat(notes.getPath()).isEqualTo("CHANGELOG.md");
        assertThat(notes.getText()).isEqualTo("### Added\n- the first release");
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
    }

    @Test
    @DisplayName("a tag without notes stalls with ReleaseNotesMissing and nothing is built, migrated or started")
    void missingNotesRunNothing() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith();
        git.commit(SampleApp.files(v100), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0");

        releases.create("no-notes", "v1.0.0", git.url(), app.project(), v100);
        await().atMost(TIMEOUT).until(() -> releases.stalled("no-notes"));

        assertThat(releases.condition("no-notes", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ReleaseNotesMissing");
            assertThat(c.getMessage()).contains("v1.0.0").contains("has no release notes").contains("no message body after its subject line");
        });
        assertThat(releases.get("no-notes").getStatus().getPhase()).isEqualTo(Phase.Failed);
        assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();
        assertThat(MigrationLog.runs(app.project())).isEmpty();
    }

    @Test
    @DisplayName("a downgrade is refused and the newer version keeps answering; allowDowngrade then takes the host back")
    void downgradeRefusedThenAllowed() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0");
        var git = repositoryWith(v100, v110);

        releases.create("versions", "v1.1.0", git.url(), app.project(), v110);
        await().atMost(TIMEOUT).until(() -> releases.readyAt("versions", "v1.1.0"));
        var migrations = MigrationLog.runs(app.project()).size();

        releases.setTag("versions", "v1.0.0");
        await().atMost(TIMEOUT).until(() -> releases.stalled("versions"));

        assertThat(releases.condition("versions", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("DowngradeRefused");
            assertThat(c.getMessage()).startsWith("v1.0.0 is older than v1.1.0, which the host runs");
        });
        var status = releases.get("versions").getStatus();
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(status.getRelease().getCommit()).as("nothing fetched for the refused tag").isNull();
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(MigrationLog.runs(app.project())).hasSize(migrations);

        releases.edit("versions", spec -> spec.getVersionPolicy().setAllowDowngrade(true));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("versions", "v1.0.0"));
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
    }
}

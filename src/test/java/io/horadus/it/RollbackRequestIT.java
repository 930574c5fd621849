package io.horadus.it;

import io.horadus.api.Phase;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.RollbackState;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person's rollback through the packaged operator on a real Docker engine: the horadus.io/rollback
 * annotation puts the kept images of the last good release back, without a build or a migration, and
 * the newer spec.tag is not released again by itself.
 */
class RollbackRequestIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    @DisplayName(":latest images: v1.0.0 and v1.1.0 released, rollback=last-good@TOKEN puts v1.0.0's kept image IDs back; RolledBackByRequest")
    void rollbackOnRequest() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withLatestImages();
        var v110 = app.ok("v1.1.0").withLatestImages();
        var git = repositoryWith(v100, v110);
        releases.create("asked", "v1.0.0", git.url(), app.project(), v100);
        await().atMost(TIMEOUT).until(() -> releases.readyAt("asked", "v1.0.0"));
        var v100Ids = runningImages(app.project());
        releases.setTag("asked", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("asked", "v1.1.0"));
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(runningImages(app.project())).isNotEqualTo(v100Ids);
        var historyBefore = releases.get("asked").getStatus().getHistory().size();

        releases.rollback("asked", "last-good@1733440000");
        await().atMost(TIMEOUT).until(() -> releases.get("asked").getStatus().getPhase() == Phase.RolledBack);

        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(runningImages(app.project())).as("v1.0.0's kept images run again: nothing was rebuilt").isEqualTo(v100Ids);
        assertThat(MigrationLog.runs(app.project())).as("no migration on rollback").hasSize(2);
        var status = releases.get("asked").getStatus();
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getDesiredTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getRollbackToken()).isEqualTo("last-good@1733440000");
        assertThat(status.getLastCommand().getArgv()).contains("up", "-d", "--no-build");
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(incident.getRequestToken()).isEqualTo("last-good@1733440000");
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getToTag()).isEqualTo("v1.0.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(releases.condition("asked", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("RolledBackByRequest");
        });
        assertThat(releases.condition("asked", "RolledBack")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("RolledBackByRequest");
            assertThat(c.getMessage()).isEqualTo("Rolled back to v1.0.0 on request (from v1.1.0)");
        });
        assertThat(status.getHistory()).hasSize(historyBefore + 1);
        assertThat(status.getHistory().get(0)).satisfies(h -> {
            assertThat(h.getTag()).isEqualTo("v1.1.0");
            assertThat(h.getOutcome()).isEqualTo(ReleaseOutcome.RolledBack);
            assertThat(h.getReason()).isEqualTo("RolledBackByRequest");
            assertThat(h.getMessage()).isEqualTo("Rolled back to v1.0.0 on request (from v1.1.0)");
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.client().v1().events().inNamespace(Releases.NAMESPACE)
                .list().getItems()).filteredOn(e -> e.getInvolvedObject().getName().equals("asked") && "RolledBackByRequest".equals(e.getReason()))
                .singleElement().satisfies(e -> {
                    assertThat(e.getType()).isEqualTo("Normal");
                    assertThat(e.getMessage()).startsWith("Rolled back to v1.0.0 on request (from v1.1.0)");
                }));

        // The annotation stays set and a GitOps tool re-applies its manifest: neither the rollback nor v1.1.0 runs again.
        releases.edit("asked", spec -> spec.getVerify().setTimeoutSeconds(45));
        await().atMost(TIMEOUT).until(() -> releases.get("asked").getMetadata().getGeneration()
                .equals(releases.get("asked").getStatus().getObservedGeneration()));
        Thread.sleep(3_000);
        var after = releases.get("asked").getStatus();
        assertThat(after.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(after.getHistory()).hasSameSizeAs(status.getHistory());
        assertThat(runningImages(app.project())).isEqualTo(v100Ids);
        assertThat(MigrationLog.runs(app.project())).hasSize(2);

        // A tag that is not kept is refused with a condition naming the kept releases; the host keeps v1.0.0.
        releases.rollback("asked", "v0.9.0@1733450000");
        await().atMost(TIMEOUT).until(() -> releases.condition("asked", "RollbackRequest")
                .map(c -> "RollbackRefused".equals(c.getReason())).orElse(false));
        assertThat(releases.condition("asked", "RollbackRequest")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).isEqualTo("v0.9.0 is not a kept release; kept releases: v1.0.0; nothing was run");
        });
        assertThat(releases.get("asked").getStatus().getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(runningImages(app.project())).isEqualTo(v100Ids);
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
    }

    /** The image ID each running service of the project was started from, as "service id" lines in service order. */
    private static String runningImages(String project) {
        var lines = new StringBuilder();
        for (var service : new String[] {"api", "worker", "beat"}) {
            var ids = HostProbe.docker("ps", "--filter", "label=com.docker.compose.project=" + project,
                    "--filter", "label=com.docker.compose.service=" + service, "--format", "{{.ID}}").lines()
                    .map(id -> HostProbe.docker("inspect", "--format", "{{.Image}}", id).strip()).sorted().toList();
            lines.append(service).append(' ').append(String.join(",", ids)).append('\n');
        }
        return lines.toString();
    }
}

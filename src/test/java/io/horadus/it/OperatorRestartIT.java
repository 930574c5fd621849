package io.horadus.it;

import io.horadus.api.Phase;
import io.horadus.demo.SampleApp;
import io.horadus.testing.Commands;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator killed (SIGKILL) in the middle of a rollout, then started again. */
class OperatorRestartIT extends OperatorHarness {

    @Test
    @DisplayName("killed during the migration and restarted: the release completes and the migration ran exactly once")
    void killedDuringMigration() throws Exception {
        var app = app();
        var slow = app.ok("v1.0.0").withSlowMigration(4);
        var git = repositoryWith(slow);

        releases.create("restart", "v1.0.0", git.url(), app.project(), slow);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> releases.get("restart").getStatus() != null && releases.get("restart").getStatus().getPhase() == Phase.Migrating);
        Thread.sleep(500);
        operator.kill();

        operator.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> releases.readyAt("restart", "v1.0.0"));

        assertThat(MigrationLog.runs(app.project())).hasSize(1);
        // The run's container kept its exit code across the kill, and was removed once status recorded it.
        var runContainers = Commands.run(List.of("docker", "ps", "-a", "-q", "--filter", "label=horadus.io/migration-run",
                "--filter", "label=com.docker.compose.project=" + app.project()));
        assertThat(runContainers.succeeded()).as("%s", runContainers).isTrue();
        assertThat(runContainers.output().strip()).isEmpty();
        assertThat(releases.get("restart").getStatus().getRelease().getMigrationExitCode()).isZero();
        assertThat(HostProbe.get(slow.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(releases.get("restart").getStatus().getHistory()).singleElement()
                .satisfies(h -> assertThat(h.getTag()).isEqualTo("v1.0.0"));
    }

    @Test
    @DisplayName("killed during the build and restarted: the build is redone and the release completes")
    void killedDuringBuild() throws Exception {
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"));

        releases.create("restart-build", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> releases.get("restart-build").getStatus() != null && releases.get("restart-build").getStatus().getPhase() == Phase.Building);
        operator.kill();

        operator.start();
        await().atMost(Duration.ofMinutes(3)).until(() -> releases.readyAt("restart-build", "v1.0.0"));

        assertThat(MigrationLog.runs(app.project())).hasSize(1);
        assertThat(HostProbe.get(app.ok("v1.0.0").healthUrl())).isEqualTo("ok v1.0.0");
    }
}

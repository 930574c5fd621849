package io.horadus.it;

import io.horadus.api.Phase;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leader loses its Lease in the middle of the migration: two replicas of the packaged operator on
 * kube-apiserver v1.20 with the ServiceAccount's token, a real Docker host and compose. The leader is
 * frozen (SIGSTOP) for longer than the Lease, as a node that stalls or a long GC pause would; the
 * standby takes the Lease and resumes the release from status; the old leader, thawed (SIGCONT), finds
 * it lost the Lease and exits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaseLostIT {

    /** Short, so the standby waits seconds; production keeps the 15 s default. */
    private static final Duration LEASE = Duration.ofSeconds(8);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** Longer than the Lease, so the standby takes over while it runs. */
    private static final int MIGRATION_SECONDS = 20;

    private RbacCluster cluster;
    private Path scratch;
    private GitFixture git;
    private Releases releases;
    private String project;
    private int apiPort;
    private final List<OperatorProcess> operators = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", "LeaseLostIT-" + UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        cluster = RbacCluster.start(scratch.resolve("kube"));
        releases = new Releases(cluster.admin());
        project = "lease" + UUID.randomUUID().toString().substring(0, 8);
        apiPort = LoopbackPorts.free();
        git = GitFixture.create(scratch.resolve("git"));
        git.commit(SampleApp.files(slow()), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nFirst release.");
    }

    @AfterAll
    void stop() throws Exception {
        try {
            for (var operator : operators) {
                if (operator.isAlive()) {
                    signal(operator, "CONT");
                }
                operator.close();
            }
            if (git != null) {
                git.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (project != null) {
                HostProbe.cleanUp(project, apiPort);
            }
        }
    }

    @Test
    @DisplayName("the leader frozen past its Lease mid-migration: the standby resumes, the migration runs once, the old leader exits, Ready")
    void leaderLosesTheLeaseDuringTheMigration() throws Exception {
        var a = operator("operator-a");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaseHolder().equals(Optional.of("operator-a")));
        var b = operator("operator-b");

        releases.create("lease", "v1.0.0", git.url(), project, slow());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> releases.get("lease").getStatus() != null && releases.get("lease").getStatus().getPhase() == Phase.Migrating);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> HostProbe.migrationRuns(project, "running").size() == 1);

        // Frozen with the migration's compose command as its child: the run goes on, the Lease is not renewed.
        signal(a, "STOP");
        var frozen = Instant.now();
        await().atMost(LEASE.plus(Duration.ofSeconds(20))).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.leaseHolder().equals(Optional.of("operator-b")));
        var tookOver = Duration.between(frozen, Instant.now());
        assertThat(HostProbe.migrationRuns(project, "running")).as("the standby took over while the migration ran").hasSize(1);

        // Thawed while the run still goes on: it must notice it lost the Lease and stop, not act beside the new leader.
        signal(a, "CONT");
        assertThat(a.awaitExit(Duration.ofSeconds(60))).as("operator-a exits after it lost the Lease").isTrue();
        assertThat(a.log()).contains("no longer the leader: exiting");

        await().atMost(Duration.ofMinutes(3)).until(() -> releases.readyAt("lease", "v1.0.0"));
        System.out.printf("LEASE-LOST lease %d s: the standby took over %d ms after the leader froze; old leader exit code %d%n",
                LEASE.toSeconds(), tookOver.toMillis(), a.exitValue());

        var status = releases.get("lease").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getRelease().getMigrationExitCode()).isZero();
        assertThat(status.getHistory()).singleElement().satisfies(h -> assertThat(h.getTag()).isEqualTo("v1.0.0"));
        assertThat(MigrationLog.runs(project)).as("the migration ran once across both replicas").hasSize(1);
        assertThat(HostProbe.migrationRuns(project, null)).isEmpty();
        assertThat(HostProbe.get(slow().healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(cluster.leaseHolder()).contains("operator-b");
        assertThat(b.isAlive()).isTrue();
        for (var operator : List.of(a, b)) {
            assertThat(operator.log()).doesNotContainPattern("(?i)forbidden|code=403");
        }
    }

    private SampleApp.Variant slow() {
        return SampleApp.Variant.ok("v1.0.0", apiPort).withSlowMigration(MIGRATION_SECONDS);
    }

    private OperatorProcess operator(String identity) throws Exception {
        var operator = new OperatorProcess(cluster.operatorAccess(cluster.operatorToken()), scratch.resolve(identity), scratch.resolve(identity).resolve("logs"),
                Map.of("horadus.leader-election.identity", identity,
                        "horadus.leader-election.lease-duration", LEASE.toSeconds() + "S",
                        "horadus.leader-election.renew-deadline", (LEASE.toSeconds() - 2) + "S",
                        "horadus.leader-election.retry-period", RETRY.toSeconds() + "S"));
        operators.add(operator);
        return operator.start();
    }

    private static void signal(OperatorProcess operator, String signal) {
        var sent = Commands.run(List.of("kill", "-" + signal, Long.toString(operator.pid())));
        assertThat(sent.succeeded()).as("%s", sent).isTrue();
    }
}

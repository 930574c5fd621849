package io.horadus.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.api.Phase;
import io.horadus.testing.Commands;
import io.horadus.testing.MigrationLog;
import io.horadus.testing.RealApiServer;
import io.horadus.testing.TcpProxy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the cluster under the packaged operator, on Kubernetes v1.36's real CRD server (one replica, no
 * Lease): the API server and etcd restarted in place during a migration, and every connection between the
 * operator and the API server cut while a release is idle. The operator reaches the server through a
 * loopback TCP proxy (TLS passes through as bytes), so a test can cut its connections; the test's own
 * client goes straight to the server. Each fault ends with nothing lost: the release Ready on its tag, the
 * migration run once, the operator up and ready.
 */
class ClusterFaultsIT extends CrdServerHarness {

    private RealCluster real;
    private TcpProxy proxy;

    @Override
    protected Cluster startCluster(Path directory) {
        real = new RealCluster(RealApiServer.Kind.CRD_V1_36, directory);
        proxy = new TcpProxy(real.server().port());
        return new Cluster() {
            @Override
            public KubernetesClient client() {
                return real.client();
            }

            @Override
            public ClusterAccess operatorAccess() {
                var direct = real.operatorAccess();
                return new ClusterAccess("https://127.0.0.1:" + proxy.port(), direct.certificateAuthority(), direct.token(), direct.namespace());
            }

            @Override
            public void close() {
                proxy.close();
                real.close();
            }
        };
    }

    @Test
    @DisplayName("the API server and etcd restarted during the migration: the status write that failed is made once it is back, Ready, migrated once")
    void apiServerRestartedDuringMigration() throws Exception {
        var server = real.server();
        var app = app();
        // Long enough that the server is stopped while it runs: the test waits for the run's container, not for time.
        var slow = app.ok("v1.0.0").withSlowMigration(8);
        var git = repositoryWith(slow);

        releases.create("restarted", "v1.0.0", git.url(), app.project(), slow);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                .until(() -> releases.get("restarted").getStatus() != null && releases.get("restarted").getStatus().getPhase() == Phase.Migrating);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> HostProbe.migrationRuns(app.project(), "running").size() == 1);

        server.stopKeepingData();
        var stopped = Instant.now();
        // The migration goes on without the API server and ends; the operator cannot write its exit code now.
        await().atMost(Duration.ofMinutes(1)).until(() -> HostProbe.migrationRuns(app.project(), "exited").size() == 1);
        await().atMost(Duration.ofMinutes(1)).until(() -> operator.log().lines()
                .anyMatch(line -> line.contains("default/restarted: ") && line.contains(", attempt ") && line.contains("status not saved")));
        // The run's container keeps the exit code that status does not have yet.
        assertThat(HostProbe.migrationRuns(app.project(), "exited")).hasSize(1);

        server.startAgain();
        var back = Instant.now();
        await().atMost(Duration.ofMinutes(3)).until(() -> releases.readyAt("restarted", "v1.0.0"));
        System.out.printf("CLUSTER-FAULTS API server away %d ms; Ready %d ms after it was back%n",
                Duration.between(stopped, back).toMillis(), Duration.between(back, Instant.now()).toMillis());

        var status = releases.get("restarted").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getRelease().getMigrationExitCode()).isZero();
        assertThat(status.getHistory()).singleElement().satisfies(h -> assertThat(h.getTag()).isEqualTo("v1.0.0"));
        assertThat(MigrationLog.runs(app.project())).hasSize(1);
        assertThat(HostProbe.migrationRuns(app.project(), null)).as("the run's container, removed once its exit code was recorded").isEmpty();
        assertThat(HostProbe.get(slow.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(operator.isAlive()).as("the operator rode out the API server's restart").isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> operator.health("ready").code() == 200);
    }

    @Test
    @DisplayName("every connection to the API server cut while a release is idle: the informer watches again and a new tag is released")
    void watchConnectionCut() throws Exception {
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"), app.ok("v1.1.0"));
        releases.create("cut", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"));
        await().atMost(Duration.ofMinutes(3)).until(() -> releases.readyAt("cut", "v1.0.0"));

        var before = proxy.accepted();
        assertThat(proxy.cut()).as("open connections cut").isPositive();
        releases.setTag("cut", "v1.1.0");
        var changed = Instant.now();

        await().atMost(Duration.ofMinutes(2)).until(() -> releases.readyAt("cut", "v1.1.0"));
        System.out.printf("CLUSTER-FAULTS connections cut: v1.1.0 Ready %d ms after the tag changed%n", Duration.between(changed, Instant.now()).toMillis());
        assertThat(proxy.accepted()).as("the operator connected again").isGreaterThan(before);
        assertThat(HostProbe.get(app.ok("v1.1.0").healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(MigrationLog.runs(app.project())).hasSize(2);
        assertThat(releases.get("cut").getStatus().getLastGoodTag()).isEqualTo("v1.1.0");
        assertThat(operator.isAlive()).isTrue();
        var ready = operator.health("ready");
        assertThat(ready.code()).as(ready.body()).isEqualTo(200);
    }
}

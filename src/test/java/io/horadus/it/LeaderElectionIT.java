package io.horadus.it;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.demo.SampleApp;
import io.horadus.testing.GitFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the packaged operator on kube-apiserver v1.20, each with the ServiceAccount's token only:
 * the one holding the Lease reconciles, the other waits; when the leader stops (gently, or SIGKILL) the
 * other takes the Lease once it expires and reconciles. Releases here stall at the tag check, so status
 * changes without a Docker host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeaderElectionIT {

    /** Short, so the test waits seconds for an expired Lease; production keeps the 15 s default. */
    private static final Duration LEASE = Duration.ofSeconds(8);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Pattern RECONCILES = Pattern.compile("(?m)^horadus_release_reconcile_seconds_count(?:\\{[^}]*})? (\\S+)$");
    private static final Pattern SWEEPS = Pattern.compile("(?m)^horadus_housekeeping_sweeps_total\\{result=\"Succeeded\",?} (\\S+)$");

    private RbacCluster cluster;
    private Path scratch;
    private GitFixture git;
    private Releases releases;
    private final List<OperatorProcess> operators = new ArrayList<>();

    @BeforeAll
    void startCluster() throws IOException {
        scratch = Files.createDirectories(Path.of("target", "it", "LeaderElectionIT-" + UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        cluster = RbacCluster.start(scratch.resolve("kube"));
        git = GitFixture.create(scratch.resolve("git"));
        git.commit(SampleApp.files(SampleApp.Variant.ok("v1.0.0", 18090)), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nFirst release.");
        releases = new Releases(cluster.admin());
    }

    @AfterAll
    void stopAll() throws Exception {
        for (var operator : operators) {
            operator.close();
        }
        if (git != null) {
            git.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @DisplayName("only the Lease holder reconciles; the standby takes over when the leader stops gently and when it is killed")
    void standbyTakesOverOnlyWhenTheLeaseIsFree() throws Exception {
        var a = operator("operator-a");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaseHolder().equals(Optional.of("operator-a")));
        var b = operator("operator-b");

        create("while-a-leads");
        await().atMost(Duration.ofMinutes(1)).until(() -> releases.stalled("while-a-leads"));
        // Metrics are recorded just after the status write.
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciles(a) > 0);
        // B watches the same releases but must not touch them while A leads.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> reconciles(b) == 0);
        assertThat(cluster.leaseHolder()).contains("operator-a");
        // Housekeeping (every second here) is the leader's too: A sweeps, B never does.
        await().atMost(Duration.ofSeconds(10)).until(() -> sweeps(a) > 0);
        assertThat(sweeps(b)).isZero();

        var gentle = takeover(a::terminate, "operator-b");
        // JOSDK's own exit-on-lost-Lease would deadlock here (System.exit inside shutdown); ours must not.
        assertThat(a.awaitExit(Duration.ofSeconds(30))).as("operator-a exits after SIGTERM").isTrue();
        create("after-a-stopped");
        await().atMost(Duration.ofMinutes(1)).until(() -> releases.stalled("after-a-stopped"));
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciles(b) > 0);

        var c = operator("operator-c");
        var killed = takeover(b::kill, "operator-c");
        create("after-b-killed");
        await().atMost(Duration.ofMinutes(1)).until(() -> releases.stalled("after-b-killed"));
        await().atMost(Duration.ofSeconds(10)).until(() -> reconciles(c) > 0);

        System.out.printf("LEADER-ELECTION lease %d s, retry %d s: takeover after a gentle stop %d ms, after SIGKILL %d ms%n",
                LEASE.toSeconds(), RETRY.toSeconds(), gentle.toMillis(), killed.toMillis());
        // The old leader never releases the Lease (JOSDK does not release on stop): the standby waits for it to
        // expire in both cases, and never takes it while it is still valid.
        for (var took : List.of(gentle, killed)) {
            assertThat(took).isGreaterThanOrEqualTo(LEASE.minus(RETRY).minus(RETRY)).isLessThan(LEASE.plus(Duration.ofSeconds(10)));
        }
        for (var operator : List.of(a, b, c)) {
            assertThat(operator.log()).doesNotContainPattern("(?i)forbidden|code=403");
        }
    }

    @Test
    @DisplayName("a leader that can no longer renew its Lease exits instead of reconciling beside the new holder")
    void leaderThatLosesTheLeaseExits() throws Exception {
        // A Lease of its own, so the other test's replicas cannot hold it.
        var leader = operator("operator-d", "horadus-exit-test");
        await().atMost(Duration.ofSeconds(30)).until(() -> cluster.leaseHolder("horadus-exit-test").equals(Optional.of("operator-d")));

        // The leader renews every second: a write that loses the race to a renewal (409) is made again.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> {
                    cluster.takeLeaseAs("horadus-exit-test", "someone-else");
                    return true;
                });

        assertThat(leader.awaitExit(LEASE.plus(Duration.ofSeconds(20)))).as("operator-d exits after losing the Lease").isTrue();
        assertThat(leader.log()).contains("no longer the leader: exiting");
    }

    /** Stops the leader and returns how long until the Lease names the successor. */
    private Duration takeover(ThrowingAction stop, String successor) throws Exception {
        var stopped = Instant.now();
        stop.run();
        await().atMost(LEASE.plus(Duration.ofSeconds(20))).pollInterval(Duration.ofMillis(100))
                .until(() -> cluster.leaseHolder().equals(Optional.of(successor)));
        return Duration.between(stopped, Instant.now());
    }

    private OperatorProcess operator(String identity) throws Exception {
        return operator(identity, RbacCluster.LEASE_NAME);
    }

    private OperatorProcess operator(String identity, String leaseName) throws Exception {
        var operator = new OperatorProcess(cluster.operatorAccess(cluster.operatorToken()), scratch.resolve(identity), scratch.resolve(identity).resolve("logs"),
                Map.of("horadus.leader-election.identity", identity,
                        "horadus.leader-election.lease-name", leaseName,
                        "horadus.leader-election.lease-duration", LEASE.toSeconds() + "S",
                        "horadus.leader-election.renew-deadline", (LEASE.toSeconds() - 2) + "S",
                        "horadus.leader-election.retry-period", RETRY.toSeconds() + "S",
                        "horadus.housekeeping.interval", "1s",
                        "horadus.housekeeping.delay", "1s"));
        operators.add(operator);
        return operator.start();
    }

    /** A release whose tag does not exist: the leader marks it Stalled (TagNotFound) and runs nothing. */
    private void create(String name) {
        releases.create(name, "v9.9.9", git.url(), name.replace("-", ""), SampleApp.Variant.ok("v9.9.9", 18090));
    }

    /** How many releases the operator has reconciled, from its /q/metrics. */
    private static double reconciles(OperatorProcess operator) throws IOException, InterruptedException {
        var matcher = RECONCILES.matcher(operator.metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    /** How many housekeeping sweeps the operator has made, from its /q/metrics. */
    private static double sweeps(OperatorProcess operator) throws IOException, InterruptedException {
        var matcher = SWEEPS.matcher(operator.metrics());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }

    @FunctionalInterface
    private interface ThrowingAction {
        void run() throws Exception;
    }
}

package io.horadus.it;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.horadus.api.DriftPolicy;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.demo.SampleApp;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import io.horadus.testing.MigrationLog;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A benchmark, not a timed test: it prints figures and asserts only that every upgrade happened.
 * <ul>
 *   <li>reaction: from the write of a new spec.tag to the first status update that shows it (bar: 1 s);</li>
 *   <li>upgrade: from that write to the first status with Ready=True (seen through a watch), against the same runbook steps done by hand on the same
 *       app (checkout, build, migrate, up, then curl /health and wait for compose ps to say healthy);
 *       bar: at most 5 % more.</li>
 * </ul>
 * Upgrades alternate between the operator and the hand, each to a version not built before, so both
 * meet the same image cache.
 */
class UpgradeBenchmarkIT extends OperatorHarness {

    // More rounds give steadier medians on a busy machine: -Dbenchmark.rounds=N (failsafe passes it on).
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

    @Test
    void upgradeReactionAndOverhead() throws Exception {
        var app = app();
        var versions = new ArrayList<SampleApp.Variant>();
        versions.add(app.ok("v1.0.0"));
        for (int i = 1; i <= 2 * ROUNDS; i++) {
            versions.add(app.ok("v1." + i + ".0"));
        }
        var git = repositoryWith(versions.toArray(SampleApp.Variant[]::new));
        // The by-hand upgrades run on the same project, in the same conditions: the operator only
        // reports them as drift instead of putting its own release back.
        releases.create("bench", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"),
                spec -> spec.getVerify().setOnDrift(DriftPolicy.Report));
        await().atMost(Duration.ofMinutes(3)).until(() -> releases.readyAt("bench", "v1.0.0"));

        var reactionMillis = new ArrayList<Long>();
        var operatorMillis = new ArrayList<Long>();
        var handMillis = new ArrayList<Long>();
        for (int round = 0; round < ROUNDS; round++) {
            var byOperator = versions.get(1 + 2 * round).version();
            var byHand = versions.get(2 + 2 * round).version();

            var firstStatus = firstStatusShowing(release -> byOperator.equals(release.getDesiredTag()));
            var ready = firstStatusShowing(release -> byOperator.equals(release.getLastGoodTag()) && release.getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
            long start = System.nanoTime();
            releases.setTag("bench", byOperator);
            reactionMillis.add(TimeUnit.NANOSECONDS.toMillis(firstStatus.get(10, TimeUnit.SECONDS) - start));
            operatorMillis.add(TimeUnit.NANOSECONDS.toMillis(ready.get(3, TimeUnit.MINUTES) - start));
            assertThat(releases.readyAt("bench", byOperator)).isTrue();
            assertThat(HostProbe.get(app.ok(byOperator).healthUrl())).isEqualTo("ok " + byOperator);

            handMillis.add(upgradeByHand(git, app, byHand));
            assertThat(HostProbe.get(app.ok(byHand).healthUrl())).isEqualTo("ok " + byHand);
        }

        var operatorMedian = median(operatorMillis);
        var handMedian = median(handMillis);
        System.out.printf("BENCHMARK reaction (spec.tag written -> first status update): %s ms, median %d ms (bar 1000 ms)%n",
                reactionMillis, median(reactionMillis));
        System.out.printf("BENCHMARK upgrade by operator (spec.tag written -> Ready=True): %s ms, median %d ms%n", operatorMillis, operatorMedian);
        System.out.printf("BENCHMARK upgrade by hand (checkout, build, migrate, up, verify): %s ms, median %d ms%n", handMillis, handMedian);
        System.out.printf("BENCHMARK operator overhead: %+d ms, %+.1f %% (bar +5 %%)%n",
                operatorMedian - handMedian, 100.0 * (operatorMedian - handMedian) / handMedian);
        assertThat(MigrationLog.runs(app.project())).hasSize(1 + 2 * ROUNDS);
    }

    /**
     * Completes with System.nanoTime() when a status first passes the test. A watch, as kubectl wait and
     * GitOps tools use, rather than polling: polls every few milliseconds would take CPU from the
     * operator's compose commands on a 2-core machine, and not from the ones typed by hand.
     */
    private CompletableFuture<Long> firstStatusShowing(Predicate<HoradusReleaseStatus> test) {
        var seen = new CompletableFuture<Long>();
        var watch = cluster.client().resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).withName("bench")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, HoradusRelease resource) {
                        if (resource.getStatus() != null && test.test(resource.getStatus())) {
                            seen.complete(System.nanoTime());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                    }
                });
        seen.whenComplete((time, error) -> watch.close());
        return seen;
    }

    /** The runbook by hand: check the tag out, the three compose commands, then verify until it passes. */
    private long upgradeByHand(GitFixture git, App app, String tag) throws Exception {
        var checkout = scratch.resolve("by-hand-" + tag);
        long start = System.nanoTime();
        Git.cloneRepository().setURI(git.url()).setDirectory(checkout.toFile()).setBranch("refs/tags/" + tag).call().close();
        long cloned = System.nanoTime();
        var compose = List.of("docker-compose", "-p", app.project(), "-f", SampleApp.COMPOSE_FILE);
        var build = run(checkout, tag, compose, "build", "api", "worker");
        var migrate = run(checkout, tag, compose, "--profile", "ops", "run", "--rm", "-T", "migrate");
        var up = run(checkout, tag, compose, "up", "-d", "api", "worker", "beat");
        long upped = System.nanoTime();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                ("ok " + tag).equals(HostProbe.get(app.ok(tag).healthUrl()))
                        && HostProbe.get(app.ok(tag).metricsUrl()) != null
                        && HostProbe.docker("ps", "--filter", "label=com.docker.compose.project=" + app.project(),
                        "--filter", "label=com.docker.compose.service=api", "--format", "{{.Status}}").contains("(healthy)"));
        long done = System.nanoTime();
        // Per step, to set beside the operator's own DEBUG lines ("... exited 0 in N ms") when the totals differ.
        System.out.printf("BENCHMARK by hand %s: clone %d, build %d, migrate %d, up %d, verify %d ms%n", tag,
                TimeUnit.NANOSECONDS.toMillis(cloned - start), build.toMillis(), migrate.toMillis(), up.toMillis(),
                TimeUnit.NANOSECONDS.toMillis(done - upped));
        return TimeUnit.NANOSECONDS.toMillis(done - start);
    }

    private static Duration run(Path directory, String tag, List<String> compose, String... args) {
        var argv = new ArrayList<>(compose);
        argv.addAll(List.of(args));
        var ran = Commands.run(directory, Map.of("HORADUS_TAG", tag), argv, Duration.ofMinutes(5));
        assertThat(ran.succeeded()).as(ran.toString()).isTrue();
        return ran.took();
    }

    private static long median(List<Long> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

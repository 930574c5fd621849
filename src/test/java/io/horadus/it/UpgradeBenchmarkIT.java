package io.horadus.it;

import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.horadus.api.HoradusRelease;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import io.horadus.testing.SampleApp;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A benchmark, not a timed test: it prints figures and asserts only that every upgrade happened.
 * <ul>
 *   <li>reaction: from the write of a new spec.tag to the first status update that shows it (bar: 1 s);</li>
 *   <li>upgrade: from that write to Ready=True, against the same runbook steps done by hand on the same
 *       app (checkout, build, migrate, up, then curl /health and wait for compose ps to say healthy);
 *       bar: at most 5 % more.</li>
 * </ul>
 * Upgrades alternate between the operator and the hand, each to a version not built before, so both
 * meet the same image cache.
 */
class UpgradeBenchmarkIT extends OperatorHarness {

    private static final int ROUNDS = 3;

    @Test
    void upgradeReactionAndOverhead() throws Exception {
        var app = app();
        var versions = new ArrayList<SampleApp.Variant>();
        versions.add(app.ok("v1.0.0"));
        for (int i = 1; i <= 2 * ROUNDS; i++) {
            versions.add(app.ok("v1." + i + ".0"));
        }
        var git = repositoryWith(versions.toArray(SampleApp.Variant[]::new));
        releases.create("bench", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"));
        await().atMost(Duration.ofMinutes(3)).until(() -> releases.readyAt("bench", "v1.0.0"));

        var reactionMillis = new ArrayList<Long>();
        var operatorMillis = new ArrayList<Long>();
        var handMillis = new ArrayList<Long>();
        for (int round = 0; round < ROUNDS; round++) {
            var byOperator = versions.get(1 + 2 * round).version();
            var byHand = versions.get(2 + 2 * round).version();

            var firstStatus = firstStatusShowing(byOperator);
            long start = System.nanoTime();
            releases.setTag("bench", byOperator);
            reactionMillis.add(TimeUnit.NANOSECONDS.toMillis(firstStatus.get(10, TimeUnit.SECONDS) - start));
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20)).until(() -> releases.readyAt("bench", byOperator));
            operatorMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
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
        assertThat(SampleApp.migrationRuns(app.project())).hasSize(1 + 2 * ROUNDS);
    }

    /** Completes with System.nanoTime() when a status first reports the tag as desired. */
    private CompletableFuture<Long> firstStatusShowing(String tag) {
        var seen = new CompletableFuture<Long>();
        var watch = cluster.client().resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).withName("bench")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, HoradusRelease resource) {
                        if (resource.getStatus() != null && tag.equals(resource.getStatus().getDesiredTag())) {
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
        var compose = List.of("docker-compose", "-p", app.project(), "-f", SampleApp.COMPOSE_FILE);
        run(checkout, tag, compose, "build", "api", "worker");
        run(checkout, tag, compose, "--profile", "ops", "run", "--rm", "-T", "migrate");
        run(checkout, tag, compose, "up", "-d", "api", "worker", "beat");
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                ("ok " + tag).equals(HostProbe.get(app.ok(tag).healthUrl()))
                        && HostProbe.get(app.ok(tag).metricsUrl()) != null
                        && HostProbe.docker("ps", "--filter", "label=com.docker.compose.project=" + app.project(),
                        "--filter", "label=com.docker.compose.service=api", "--format", "{{.Status}}").contains("(healthy)"));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void run(Path directory, String tag, List<String> compose, String... args) {
        var argv = new ArrayList<>(compose);
        argv.addAll(List.of(args));
        var ran = Commands.run(directory, Map.of("HORADUS_TAG", tag), argv, Duration.ofMinutes(5));
        assertThat(ran.succeeded()).as(ran.toString()).isTrue();
    }

    private static long median(List<Long> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}

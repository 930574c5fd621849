package io.horadus.it;

import io.horadus.api.ProjectFileSpec;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import io.horadus.testing.HoradusShapedApp;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A benchmark, not a timed test (one run each, printed as BENCHMARK lines): the upgrade of the
 * Horadus-shaped project from v1.0.0 to v1.1.0 by the operator (spec.tag written to Ready=True)
 * against the same runbook commands typed by hand on a second copy of the project (its own compose
 * project, port and images): clone the tag, write .env, build api worker, run --rm migrate, up -d api
 * worker beat, then curl /health until it answers and compose ps says the api is healthy.
 */
class HoradusShapedBenchmarkIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String ENV = HoradusShapedApp.envFile("bench-db-pw-0001", "bench-secret-key-0001", "bench");

    @Test
    void upgradeByOperatorAndByHand() throws Exception {
        secret("horadus-env", Map.of("env", ENV));

        var byOperator = app();
        var git = repository("git-operator", byOperator.port());
        var v110 = HoradusShapedApp.Variant.ok("v1.1.0", byOperator.port(), 2);
        releases.create("bench", "v1.0.0", git.url(), byOperator.project(), v110.healthUrl(), v110.metricsUrl(), spec -> {
            spec.getTarget().setFiles(List.of(new ProjectFileSpec(HoradusShapedApp.ENV_FILE, "horadus-env", "env")));
            spec.getVerify().setTimeoutSeconds(60);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("bench", "v1.0.0"));
        long start = System.nanoTime();
        releases.setTag("bench", "v1.1.0");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> releases.readyAt("bench", "v1.1.0"));
        long operatorMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo(v110.healthBody(2));

        var byHand = app();
        var handGit = repository("git-hand", byHand.port());
        upgradeByHand(handGit, byHand, "v1.0.0");
        var hand = upgradeByHand(handGit, byHand, "v1.1.0");
        assertThat(HoradusShapedApp.migrationRuns(byHand.project())).hasSize(2);

        System.out.printf("BENCHMARK shaped upgrade v1.0.0 -> v1.1.0 by operator (spec.tag written -> Ready=True): %d ms%n", operatorMillis);
        System.out.printf("BENCHMARK shaped upgrade v1.0.0 -> v1.1.0 by hand (%s): %d ms%n", hand.steps(), hand.millis());
        System.out.printf("BENCHMARK shaped operator overhead: %+d ms, %+.1f %% (one run each; bar +5 %%)%n",
                operatorMillis - hand.millis(), 100.0 * (operatorMillis - hand.millis()) / hand.millis());
    }

    private GitFixture repository(String name, int port) throws Exception {
        var git = GitFixture.create(Files.createDirectories(scratch.resolve(name)));
        git.commit(HoradusShapedApp.files(HoradusShapedApp.Variant.ok("v1.0.0", port, 1)), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nFirst release.");
        git.commit(HoradusShapedApp.files(HoradusShapedApp.Variant.ok("v1.1.0", port, 2)), "Horadus v1.1.0");
        git.annotatedTag("v1.1.0", "Release v1.1.0\n\nSecond release.");
        return git;
    }

    private record Hand(long millis, String steps) {
    }

    /** The runbook by hand, with .env put in place as a person would (it is never in git). */
    private Hand upgradeByHand(GitFixture git, App app, String tag) throws Exception {
        var checkout = scratch.resolve("by-hand-" + tag);
        var variant = HoradusShapedApp.Variant.ok(tag, app.port(), tag.equals("v1.0.0") ? 1 : 2);
        long start = System.nanoTime();
        Git.cloneRepository().setURI(git.url()).setDirectory(checkout.toFile()).setBranch("refs/tags/" + tag).call().close();
        Files.writeString(checkout.resolve(HoradusShapedApp.ENV_FILE), ENV);
        long cloned = System.nanoTime();
        var compose = List.of("docker-compose", "-p", app.project(), "-f", HoradusShapedApp.COMPOSE_FILE);
        var build = run(checkout, compose, "build", "api", "worker");
        var migrate = run(checkout, compose, "--profile", "ops", "run", "--rm", "-T", "migrate");
        var up = run(checkout, compose, "up", "-d", "api", "worker", "beat");
        long upped = System.nanoTime();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                variant.healthBody(variant.schema()).equals(HostProbe.get(variant.healthUrl()))
                        && HostProbe.get(variant.metricsUrl()) != null
                        && HostProbe.docker("ps", "--filter", "label=com.docker.compose.project=" + app.project(),
                        "--filter", "label=com.docker.compose.service=api", "--format", "{{.Status}}").contains("(healthy)"));
        long done = System.nanoTime();
        var steps = String.format("clone+.env %d, build %d, migrate %d, up %d, verify %d ms", TimeUnit.NANOSECONDS.toMillis(cloned - start),
                build.toMillis(), migrate.toMillis(), up.toMillis(), TimeUnit.NANOSECONDS.toMillis(done - upped));
        return new Hand(TimeUnit.NANOSECONDS.toMillis(done - start), steps);
    }

    private static Duration run(Path directory, List<String> compose, String... args) {
        var argv = new ArrayList<>(compose);
        argv.addAll(List.of(args));
        var ran = Commands.run(directory, Map.of(), argv, Duration.ofMinutes(5));
        assertThat(ran.succeeded()).as(ran.toString()).isTrue();
        return ran.took();
    }
}

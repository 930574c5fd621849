package io.horadus.it;

import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
 * A benchmark of the command line, not a timed test: it prints figures and asserts only that what it
 * measured happened.
 * <ul>
 *   <li>start-up: from {@code horadus get} to its exit with the table, and from {@code horadus apply} to its
 *       first step line (bar: under 1 s each);</li>
 *   <li>upgrade: {@code horadus apply} of a new tag, start to exit (JVM start included), against the same
 *       runbook steps typed by hand on the same app (clone, build, migrate, up, then curl /health until it
 *       answers and compose says healthy); bar: at most 5 % more. They alternate, each to a version not
 *       built before, so both meet the same image cache;</li>
 *   <li>the agent's resident memory with 20 released versions watched (the image's JVM flags).</li>
 * </ul>
 */
class CommandLineBenchmarkIT {

    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);
    private static final int WATCHED = Integer.getInteger("benchmark.agent-releases", 20);
    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /** The short commands as a person starts them: the launcher's JVM flags and its class archive. */
    private static final Path LAUNCHER = Path.of("horadus").toAbsolutePath();

    @TempDir
    Path scratch;

    private final List<String> projects = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        for (int i = 0; i < projects.size(); i++) {
            HostProbe.cleanUp(projects.get(i), ports.get(i));
        }
    }

    @Test
    void startUpAndUpgradeAgainstTheSameStepsByHand() throws Exception {
        BaseImage.ensure();
        var project = project();
        var port = ports.get(0);
        var versions = new ArrayList<SampleApp.Variant>();
        for (int i = 0; i <= 2 * ROUNDS; i++) {
            versions.add(SampleApp.Variant.ok("v1." + i + ".0", port));
        }
        var git = repository(versions);
        var state = Files.createDirectories(scratch.resolve("state"));

        var first = manifest(scratch.resolve("release.yaml"), "bench", project, git.url(), "v1.0.0", port);
        assertThat(horadus(state, "apply", "-f", first.toString()).exitCode()).isZero();

        var getMillis = new ArrayList<Long>();
        var firstStepMillis = new ArrayList<Long>();
        var cliMillis = new ArrayList<Long>();
        var handMillis = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) {
            var got = horadus(state, "get");
            assertThat(got.output()).contains("bench").contains("Ready");
            getMillis.add(got.took().toMillis());
        }
        for (int round = 0; round < ROUNDS; round++) {
            var byCli = versions.get(1 + 2 * round).version();
            var byHand = versions.get(2 + 2 * round).version();
            var manifest = manifest(scratch.resolve("release-" + byCli + ".yaml"), "bench", project, git.url(), byCli, port);
            var applied = applyTimed(state, manifest);
            firstStepMillis.add(applied[0]);
            cliMillis.add(applied[1]);
            assertThat(HostProbe.get(SampleApp.Variant.ok(byCli, port).healthUrl())).isEqualTo("ok " + byCli);
            handMillis.add(upgradeByHand(git, project, port, byHand));
            assertThat(HostProbe.get(SampleApp.Variant.ok(byHand, port).healthUrl())).isEqualTo("ok " + byHand);
        }
        assertThat(MigrationLog.runs(project)).hasSize(1 + 2 * ROUNDS);

        var cli = median(cliMillis);
        var hand = median(handMillis);
        System.out.printf("BENCHMARK horadus get (start to exit, table printed): %s ms, median %d ms (bar 1000 ms)%n", getMillis, median(getMillis));
        System.out.printf("BENCHMARK horadus apply (start to first step line): %s ms, median %d ms (bar 1000 ms)%n", firstStepMillis, median(firstStepMillis));
        System.out.printf("BENCHMARK upgrade by horadus apply (start to exit, Ready): %s ms, median %d ms%n", cliMillis, cli);
        System.out.printf("BENCHMARK upgrade by hand (clone, build, migrate, up, verify): %s ms, median %d ms%n", handMillis, hand);
        System.out.printf("BENCHMARK command line overhead: %+d ms, %+.1f %% (bar +5 %%)%n", cli - hand, 100.0 * (cli - hand) / hand);
    }

    @Test
    void agentMemoryWithReleasesWatched() throws Exception {
        BaseImage.ensure();
        var manifests = Files.createDirectories(scratch.resolve("manifests"));
        var state = Files.createDirectories(scratch.resolve("agent-state"));
        var names = new ArrayList<String>();
        for (int i = 0; i < WATCHED; i++) {
            var project = project();
            var port = ports.get(ports.size() - 1);
            var git = repository(List.of(SampleApp.Variant.ok("v1.0.0", port)));
            var name = "r" + i;
            names.add(name);
            manifest(manifests.resolve(name + ".yaml"), name, project, git.url(), "v1.0.0", port);
        }
        var argv = new ArrayList<>(List.of(java(), "@" + Path.of("image", "jvm.options").toAbsolutePath(), "-jar", JAR.toString(),
                "agent", "--manifests", manifests.toString(), "--interval", "10s", "--state", state.toString()));
        var log = scratch.resolve("agent.log");
        var builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        var agent = builder.start();
        try {
            long started = System.nanoTime();
            await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2)).until(() -> names.stream().allMatch(n -> ready(state, n)));
            long settled = System.nanoTime();
            var samples = new ArrayList<Long>();
            for (int i = 0; i < 30; i++) {
                samples.add(rssKb(agent.pid()));
                Thread.sleep(2000);
            }
            assertThat(agent.isAlive()).as(Files.readString(log)).isTrue();
            var sorted = samples.stream().sorted().toList();
            System.out.printf("BENCHMARK agent: %d releases Ready in %d s; RSS over 60 s of watching (rounds every 5 s each): median %d MB, max %d MB%n",
                    WATCHED, TimeUnit.NANOSECONDS.toSeconds(settled - started), sorted.get(sorted.size() / 2) / 1024, sorted.get(sorted.size() - 1) / 1024);
        } finally {
            agent.destroy();
            agent.waitFor(60, TimeUnit.SECONDS);
            agent.destroyForcibly();
        }
    }

    private static boolean ready(Path state, String name) {
        try {
            var file = state.resolve("releases").resolve("default").resolve(name + ".json");
            return Files.exists(file) && "Ready".equals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile())
                    .path("release").path("status").path("phase").asText());
        } catch (Exception e) {
            return false;
        }
    }

    private static long rssKb(long pid) throws Exception {
        for (var line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** {apply to its first step line, apply to its exit}, in ms. */
    private long[] applyTimed(Path state, Path manifest) throws Exception {
        var builder = new ProcessBuilder(LAUNCHER.toString(), "apply", "-f", manifest.toString(), "--state", state.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("HORADUS_COMPOSE_COMMAND", "docker-compose");
        long start = System.nanoTime();
        var process = builder.start();
        long firstStep = -1;
        var lines = new ArrayList<String>();
        try (var err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (var line = err.readLine(); line != null; line = err.readLine()) {
                lines.add(line);
                if (firstStep < 0 && line.startsWith("► source")) {
                    firstStep = System.nanoTime();
                }
            }
        }
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        long end = System.nanoTime();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        // Where the time went: each step's duration as the progress lines say it.
        System.out.printf("BENCHMARK horadus apply steps: %s%n", String.join(" ", lines.stream().filter(l -> l.startsWith("✔")).toList()));
        return new long[]{TimeUnit.NANOSECONDS.toMillis(firstStep - start), TimeUnit.NANOSECONDS.toMillis(end - start)};
    }

    private Commands.Output horadus(Path state, String... args) {
        var argv = new ArrayList<>(List.of(LAUNCHER.toString()));
        argv.addAll(List.of(args));
        argv.addAll(List.of("--state", state.toString()));
        return Commands.run(Path.of("."), Map.of("HORADUS_COMPOSE_COMMAND", "docker-compose"), argv, Duration.ofMinutes(5));
    }

    /** The runbook by hand, as UpgradeBenchmarkIT types it: clone the tag, the three compose commands, then verify until it passes. */
    private long upgradeByHand(GitFixture git, String project, int port, String tag) throws Exception {
        var checkout = scratch.resolve("by-hand-" + tag);
        long start = System.nanoTime();
        Git.cloneRepository().setURI(git.url()).setDirectory(checkout.toFile()).setBranch("refs/tags/" + tag).call().close();
        var compose = List.of("docker-compose", "-p", project, "-f", SampleApp.COMPOSE_FILE);
        run(checkout, tag, compose, "build", "api", "worker");
        run(checkout, tag, compose, "--profile", "ops", "run", "--rm", "-T", "migrate");
        run(checkout, tag, compose, "up", "-d", "api", "worker", "beat");
        var variant = SampleApp.Variant.ok(tag, port);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                ("ok " + tag).equals(HostProbe.get(variant.healthUrl()))
                        && HostProbe.get(variant.metricsUrl()) != null
                        && HostProbe.docker("ps", "--filter", "label=com.docker.compose.project=" + project,
                        "--filter", "label=com.docker.compose.service=api", "--format", "{{.Status}}").contains("(healthy)"));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static void run(Path directory, String tag, List<String> compose, String... args) {
        var argv = new ArrayList<>(compose);
        argv.addAll(List.of(args));
        var ran = Commands.run(directory, Map.of("HORADUS_TAG", tag), argv, Duration.ofMinutes(5));
        assertThat(ran.succeeded()).as(ran.toString()).isTrue();
    }

    private String project() {
        var port = LoopbackPorts.free();
        while (ports.contains(port)) {
            port = LoopbackPorts.free();
        }
        var project = "hcb" + java.util.UUID.randomUUID().toString().substring(0, 8);
        projects.add(project);
        ports.add(port);
        return project;
    }

    private GitFixture repository(List<SampleApp.Variant> versions) throws Exception {
        var git = GitFixture.create(Files.createDirectories(scratch.resolve("git-" + java.util.UUID.randomUUID().toString().substring(0, 8))));
        for (var version : versions) {
            git.commit(SampleApp.files(version), "Horadus " + version.version());
            git.annotatedTag(version.version(), "Release " + version.version() + "\n\nNotes for " + version.version());
        }
        return git;
    }

    /** The sample app's release without gates: the steps the hand types (build, migrate, up, verify). */
    private static Path manifest(Path file, String name, String project, String url, String tag, int port) throws Exception {
        var variant = SampleApp.Variant.ok(tag, port);
        Files.writeString(file, """
                apiVersion: horadus.io/v1alpha1
                kind: HoradusRelease
                metadata:
                  name: %s
                spec:
                  tag: %s
                  source: {url: "%s", branch: main}
                  target: {project: %s, composeFiles: [%s]}
                  rollout:
                    build: [api, worker]
                    migration: {service: migrate, profile: ops}
                    up: [api, worker, beat]
                  verify: {healthUrl: "%s", metricsUrl: "%s", intervalSeconds: 5, timeoutSeconds: 60, failureThreshold: 3, watchSeconds: 30}
                  rollback: {enabled: true, keep: 2}
                """.formatted(name, tag, url, project, SampleApp.COMPOSE_FILE, variant.healthUrl(), variant.metricsUrl()));
        return file;
    }

    private static long median(List<Long> values) {
        var sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

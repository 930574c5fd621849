package io.horadus.it;

import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.SourceSpec;
import io.horadus.api.StepState;
import io.horadus.api.TargetSpec;
import io.horadus.api.VerifySpec;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.testing.DrivenRelease;
import io.horadus.testing.GitFixture;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.PrivateDockerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Docker engine restarted under a release, on real parts: a dockerd of the test's own
 * ({@link PrivateDockerEngine}: the machine's engine is never restarted), the real compose CLI and
 * docker-java, a real git repository, the sample app WITHOUT a restart policy (so the engine's
 * shutdown leaves its services exited), driven through {@link DrivenRelease} (the engine and its
 * driver as the operator runs them, status in memory). The engine is stopped as systemd stops it
 * (SIGTERM to dockerd, which stops its containers) and started again on the same directories.
 *
 * <p>What a person must see: {@code HostUnreachable} while the engine is away, never a rollback or a
 * failed step for it, then Ready on the tag that was released, its services running, each migration
 * run once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerEngineRestartIT {

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(3);
    private static final int INTERVAL = 1;
    /** Two failed rounds in a row roll back: the engine stays away for many more rounds than that. */
    private static final int FAILURE_THRESHOLD = 2;
    private static final Duration AWAY = Duration.ofSeconds(6);

    private Path scratch;
    private PrivateDockerEngine engine;

    @BeforeAll
    void startPrivateEngine() throws Exception {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", getClass().getSimpleName() + "-" + shortId())).toAbsolutePath();
        engine = PrivateDockerEngine.start(scratch.resolve("engine"));
        // Its own image store: the sample app's base image is copied over (nothing is pulled).
        engine.copyImage(BaseImage.NAME);
    }

    @AfterAll
    void stopPrivateEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    /** A test that failed while the engine was away leaves it stopped: the next one starts it. */
    @BeforeEach
    void engineRuns() throws Exception {
        if (!engine.running()) {
            engine.start();
        }
    }

    @Test
    @DisplayName("engine restarted while v1.1.0 (good, last good) is watched: HostUnreachable, no rollback, then Ready on v1.1.0 with its services started again")
    void restartDuringTheWatch() throws Exception {
        var app = new App("hre" + shortId(), LoopbackPorts.free());
        var git = repository(app, "v1.0.0", "v1.1.0");
        try (var driven = new DrivenRelease("it/restart-watch", scratch.resolve("work-watch"), spec(app, "v1.0.0", git)).start()) {
            await().atMost(RELEASE_TIMEOUT).until(() -> promoted(driven.status(), "v1.0.0"));
            driven.edit(spec -> spec.setTag("v1.1.0"));
            await().atMost(RELEASE_TIMEOUT).until(() -> promoted(driven.status(), "v1.1.0"));
            assertThat(HostProbe.get(app.healthUrl())).isEqualTo("ok v1.1.0");
            assertThat(driven.status().getGoodReleases()).extracting(g -> g.getTag()).containsExactly("v1.1.0", "v1.0.0");

            engine.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> reason(driven.status(), "Ready").equals(Optional.of("HostUnreachable")));
            assertThat(condition(driven.status(), "Ready").getStatus()).isEqualTo("Unknown");
            assertThat(condition(driven.status(), "Ready").getMessage()).contains("Docker engine at " + engine.dockerHost() + " did not answer");
            Thread.sleep(AWAY.toMillis()); // many more rounds than the failure threshold
            assertThat(driven.status().getPhase()).as("nothing rolled back while the engine is away").isEqualTo(Phase.Ready);

            engine.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> readyOn(driven.status(), "v1.1.0")
                    && "False".equals(condition(driven.status(), "Drifted").getStatus()));
            assertThat(HostProbe.get(app.healthUrl())).isEqualTo("ok v1.1.0");
            // The watch goes on: a few more rounds than the threshold, and still v1.1.0.
            Thread.sleep(Duration.ofSeconds((FAILURE_THRESHOLD + 3L) * INTERVAL).toMillis());

            var last = driven.status();
            assertThat(last.getPhase()).isEqualTo(Phase.Ready);
            assertThat(List.of(last.getDesiredTag(), last.getCurrentTag(), last.getLastGoodTag())).containsExactly("v1.1.0", "v1.1.0", "v1.1.0");
            assertThat(condition(last, "Healthy")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Verified");
            assertThat(last.getRollback()).isNull();
            assertThat(last.getHistory()).extracting(h -> h.getTag() + " " + h.getOutcome()).containsExactly("v1.1.0 Succeeded", "v1.0.0 Succeeded");
            assertThat(last.getWatch().getConsecutiveFailures()).isZero();
            assertThat(driven.saved()).as("never rolled back, never failed").noneSatisfy(s ->
                    assertThat(s.getPhase()).isIn(Phase.RollingBack, Phase.RolledBack, Phase.Failed));
            assertThat(driven.saved()).as("the services the engine stopped were started again from v1.1.0's images").anySatisfy(s -> {
                assertThat(condition(s, "Drifted")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Reconverged");
                assertThat(condition(s, "Drifted").getMessage()).contains("service api is exited");
            });
            assertThat(driven.failedPasses()).contains("HostUnreachable");
            assertThat(running(app)).containsExactly("api " + app.image("api", "v1.1.0"), "beat " + app.image("worker", "v1.1.0"),
                    "worker " + app.image("worker", "v1.1.0"));
            assertThat(migrations(app)).as("each migration ran once").extracting(line -> line.split(" ")[0]).containsExactly("v1.0.0", "v1.1.0");
        }
    }

    @Test
    @DisplayName("engine restarted while v1.1.0 rolls out: HostUnreachable at its build, no failed step, then Ready on v1.1.0, migration once")
    void restartDuringTheRollout() throws Exception {
        var app = new App("hrr" + shortId(), LoopbackPorts.free());
        var git = repository(app, "v1.0.0", "v1.1.0");
        try (var driven = new DrivenRelease("it/restart-rollout", scratch.resolve("work-rollout"), spec(app, "v1.0.0", git)).start()) {
            await().atMost(RELEASE_TIMEOUT).until(() -> promoted(driven.status(), "v1.0.0"));

            engine.stop();
            driven.edit(spec -> spec.setTag("v1.1.0"));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var status = driven.status();
                return status.getRelease() != null && "v1.1.0".equals(status.getRelease().getTag())
                        && reason(status, "Ready").equals(Optional.of("HostUnreachable"));
            });
            var away = driven.status();
            assertThat(away.getRelease().getStep().name()).as("the release waits at the step the engine failed").isEqualTo("Build");
            assertThat(away.getRelease().getStepState()).isNotEqualTo(StepState.Failed);
            assertThat(condition(away, "Reconciling")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "HostUnreachable");
            Thread.sleep(AWAY.toMillis());
            assertThat(driven.status().getRelease().getStepState()).isNotEqualTo(StepState.Failed);

            engine.start();
            await().atMost(RELEASE_TIMEOUT).until(() -> readyOn(driven.status(), "v1.1.0"));
            assertThat(HostProbe.get(app.healthUrl())).isEqualTo("ok v1.1.0");

            var last = driven.status();
            assertThat(last.getHistory()).extracting(h -> h.getTag() + " " + h.getOutcome()).containsExactly("v1.1.0 Succeeded", "v1.0.0 Succeeded");
            assertThat(driven.saved()).as("never rolled back, never failed").noneSatisfy(s ->
                    assertThat(s.getPhase()).isIn(Phase.RollingBack, Phase.RolledBack, Phase.Failed));
            assertThat(running(app)).containsExactly("api " + app.image("api", "v1.1.0"), "beat " + app.image("worker", "v1.1.0"),
                    "worker " + app.image("worker", "v1.1.0"));
            assertThat(migrations(app)).as("each migration ran once").extracting(line -> line.split(" ")[0]).containsExactly("v1.0.0", "v1.1.0");
        }
    }

    @Test
    @DisplayName("engine stopped while v1.1.0's up runs (phase RollingOut): HostUnreachable at RollOut, no failed step, no rollback, then Ready on v1.1.0, migration once")
    void restartDuringTheUp() throws Exception {
        var app = new App("hru" + shortId(), LoopbackPorts.free());
        var git = repository(app, "v1.0.0", "v1.1.0");
        var marks = Files.createDirectories(scratch.resolve("marks-" + app.project()));
        var compose = heldUp(marks);
        try (var driven = new DrivenRelease("it/restart-up", scratch.resolve("work-up"), spec(app, "v1.0.0", git), Optional.of(List.of(compose.toString()))).start()) {
            await().atMost(RELEASE_TIMEOUT).until(() -> promoted(driven.status(), "v1.0.0"));

            Files.createFile(marks.resolve("armed"));
            driven.edit(spec -> spec.setTag("v1.1.0"));
            await().atMost(RELEASE_TIMEOUT).until(() -> Files.exists(marks.resolve("up-started")));
            var rollingOut = driven.status();
            assertThat(rollingOut.getPhase()).as("the release is in its rollout when the engine stops").isEqualTo(Phase.RollingOut);
            assertThat(rollingOut.getRelease().getStep().name()).isEqualTo("RollOut");
            engine.stop();
            Files.createFile(marks.resolve("go")); // the held `up` now meets a stopped engine

            await().atMost(Duration.ofSeconds(60)).until(() -> reason(driven.status(), "Ready").equals(Optional.of("HostUnreachable")));
            var away = driven.status();
            assertThat(away.getRelease().getTag()).isEqualTo("v1.1.0");
            assertThat(away.getRelease().getStep().name()).as("the release waits at the step the engine failed").isEqualTo("RollOut");
            assertThat(away.getRelease().getStepState()).isNotEqualTo(StepState.Failed);
            assertThat(condition(away, "Reconciling")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "HostUnreachable");
            assertThat(condition(away, "Reconciling").getMessage()).contains("Docker engine at " + engine.dockerHost() + " did not answer");
            Thread.sleep(AWAY.toMillis());
            assertThat(driven.status().getRelease().getStepState()).isNotEqualTo(StepState.Failed);
            assertThat(driven.status().getPhase()).isNotIn(Phase.RollingBack, Phase.RolledBack, Phase.Failed);

            engine.start();
            await().atMost(RELEASE_TIMEOUT).until(() -> readyOn(driven.status(), "v1.1.0"));
            assertThat(HostProbe.get(app.healthUrl())).isEqualTo("ok v1.1.0");

            var last = driven.status();
            assertThat(last.getRollback()).isNull();
            assertThat(last.getHistory()).extracting(h -> h.getTag() + " " + h.getOutcome()).containsExactly("v1.1.0 Succeeded", "v1.0.0 Succeeded");
            assertThat(driven.saved()).as("never rolled back, never failed").noneSatisfy(s ->
                    assertThat(s.getPhase()).isIn(Phase.RollingBack, Phase.RolledBack, Phase.Failed));
            assertThat(driven.failedPasses()).contains("HostUnreachable");
            assertThat(running(app)).containsExactly("api " + app.image("api", "v1.1.0"), "beat " + app.image("worker", "v1.1.0"),
                    "worker " + app.image("worker", "v1.1.0"));
            assertThat(migrations(app)).as("each migration ran once").extracting(line -> line.split(" ")[0]).containsExactly("v1.0.0", "v1.1.0");
        }
    }

    /**
     * docker-compose, except that once {@code marks/armed} exists the first {@code up} says so
     * ({@code marks/up-started}) and waits for {@code marks/go} (at most a minute) before it runs: the test
     * stops the engine in between, so the release's `up` meets an engine that went away in its rollout.
     */
    private static Path heldUp(Path marks) throws IOException {
        var script = marks.resolve("compose-held-up.sh");
        Files.writeString(script, """
                #!/bin/sh
                marks='%s'
                for word in "$@"; do
                  if [ "$word" = up ] && [ -e "$marks/armed" ] && [ ! -e "$marks/up-started" ]; then
                    touch "$marks/up-started"
                    i=0
                    while [ ! -e "$marks/go" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
                    break
                  fi
                done
                exec docker-compose "$@"
                """.formatted(marks));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A compose project and API port of the test's own on the private engine (removed with it). */
    private record App(String project, int port) {
        SampleApp.Variant ok(String version) {
            return SampleApp.Variant.ok(version, port);
        }

        String healthUrl() {
            return ok("v0.0.0").healthUrl();
        }

        String image(String service, String tag) {
            return service.equals("api") ? ok(tag).apiImage(tag) : ok(tag).workerImage(tag);
        }
    }

    private GitFixture repository(App app, String... versions) {
        var git = GitFixture.create(scratch.resolve("git-" + app.project()));
        for (var version : versions) {
            git.commit(SampleApp.files(app.ok(version)), "Horadus " + version);
            git.annotatedTag(version, "Release " + version + "\n\nNotes for " + version);
        }
        return git;
    }

    /** One round a second, two failed rounds roll back, a short watch window so each tag is promoted within the test. */
    private HoradusReleaseSpec spec(App app, String tag, GitFixture git) {
        var spec = new HoradusReleaseSpec();
        spec.setTag(tag);
        var source = new SourceSpec();
        source.setUrl(git.url());
        spec.setSource(source);
        var target = new TargetSpec();
        target.setProject(app.project());
        target.setDockerHost(engine.dockerHost());
        spec.setTarget(target);
        var verify = new VerifySpec();
        verify.setHealthUrl(app.ok(tag).healthUrl());
        verify.setMetricsUrl(app.ok(tag).metricsUrl());
        verify.setIntervalSeconds(INTERVAL);
        verify.setTimeoutSeconds(60);
        verify.setWatchSeconds(2);
        verify.setFailureThreshold(FAILURE_THRESHOLD);
        spec.setVerify(verify);
        return spec;
    }

    /** "service image" of each running container of the project on the private engine, sorted. */
    private List<String> running(App app) {
        return engine.docker("ps", "--filter", "label=com.docker.compose.project=" + app.project(),
                "--format", "{{.Label \"com.docker.compose.service\"}} {{.Image}}").output().lines().sorted().toList();
    }

    /** The sample migration's log ({@code <version> <date>} a run), read off the private engine's volume. */
    private List<String> migrations(App app) {
        var read = engine.docker("run", "--rm", "--network", "none", "-v", SampleApp.migrationsVolume(app.project()) + ":/data:ro",
                BaseImage.NAME, "cat", "/data/runs");
        assertThat(read.succeeded()).as(read.toString()).isTrue();
        return read.output().lines().filter(l -> !l.isBlank()).toList();
    }

    private static boolean promoted(HoradusReleaseStatus status, String tag) {
        return readyOn(status, tag) && tag.equals(status.getLastGoodTag());
    }

    private static boolean readyOn(HoradusReleaseStatus status, String tag) {
        return status.getPhase() == Phase.Ready && tag.equals(status.getCurrentTag())
                && reason(status, "Ready").equals(Optional.of("Released"))
                && "True".equals(status.getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst().map(Condition::getStatus).orElse(null));
    }

    private static Optional<String> reason(HoradusReleaseStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().map(Condition::getReason).filter(Objects::nonNull);
    }

    private static Condition condition(HoradusReleaseStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.horadus.it;

import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.demo.SampleProject;
import io.horadus.manifest.Manifests;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One engine, two drivers: the same manifests of the demo's sample project (gates, release notes, build,
 * migration, rollout, verification), v1.0.0 then v1.1.0, released once by the packaged operator on the mock
 * API ({@code kubectl apply}, then an edit of {@code spec.tag}) and once by the packaged command line
 * ({@code horadus apply -f} of each manifest). What a person reads at the end must be the same: phase, the
 * desired, current and last good tags, conditions (type, status, reason) and history (tag, outcome, reason).
 * Messages and times are not compared (they carry durations and commits). Each driver has its own sample
 * repository, compose project and API port; the host is cleaned of each after its run.
 */
class DriversAgreeIT extends OperatorHarness {

    private static final Duration RELEASE = Duration.ofMinutes(2);
    /** The operator's watch keeps running rounds: its status is taken once it has not changed for this long. */
    private static final Duration QUIET = Duration.ofSeconds(6);
    private static final Path JAR = Path.of(System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();

    /** The condition only a watch round writes. */
    private static final String WATCH_ONLY = "Drifted";

    /** What a person reads of a release's final status. */
    private record Seen(Phase phase, List<String> tags, List<String> conditions, List<String> history, int migrations, String serves) {
    }

    @Test
    @DisplayName("v1.0.0 then v1.1.0 of the sample project: the operator and horadus apply end with the same phase, tags, conditions and history")
    void operatorAndCommandLineAgree() throws Exception {
        var commandLine = throughTheCommandLine();
        var operated = throughTheOperator();
        System.out.println("horadus apply: " + commandLine + "\noperator:      " + operated);

        // The watch's own finding: the operator keeps watching a Ready release and says whether the host still runs
        // it; horadus apply ends at Ready and watches nothing (horadus agent does). Checked here, left out of the comparison.
        assertThat(operated.conditions()).contains(WATCH_ONLY + "=False/AsReleased");
        assertThat(commandLine.conditions()).noneMatch(c -> c.startsWith(WATCH_ONLY + "="));
        commandLine = withoutWatchConditions(commandLine);
        operated = withoutWatchConditions(operated);

        for (var seen : List.of(commandLine, operated)) {
            assertThat(seen.phase()).isEqualTo(Phase.Ready);
            assertThat(seen.tags()).containsExactly("v1.1.0", "v1.1.0", "v1.1.0");
            assertThat(seen.conditions()).contains("Ready=True/Released", "Stalled=False/Released");
            assertThat(seen.migrations()).as("one migration per release").isEqualTo(2);
            assertThat(seen.serves()).isEqualTo("ok v1.1.0");
        }
        assertThat(commandLine.conditions()).as("conditions (type=status/reason)").isEqualTo(operated.conditions());
        assertThat(commandLine.history()).as("history (tag outcome reason)").isEqualTo(operated.history());
        assertThat(commandLine).isEqualTo(operated);
    }

    private static Seen withoutWatchConditions(Seen seen) {
        return new Seen(seen.phase(), seen.tags(), seen.conditions().stream().filter(c -> !c.startsWith(WATCH_ONLY + "=")).toList(),
                seen.history(), seen.migrations(), seen.serves());
    }

    private Seen throughTheCommandLine() throws Exception {
        var name = "agree-cli-" + shortId();
        var port = LoopbackPorts.free();
        var project = SampleProject.create(scratch.resolve(name), port);
        var state = scratch.resolve(name + "-state");
        try {
            for (var tag : List.of("v1.0.0", "v1.1.0")) {
                var manifest = Files.writeString(scratch.resolve(name + "-" + tag + ".yaml"), yaml(project, name, tag));
                var apply = horadus(Duration.ofMinutes(4), "apply", "-f", manifest.toString(), "--state", state.toString());
                assertThat(apply.exitCode()).as("%s", apply).isZero();
            }
            var get = horadus(Duration.ofMinutes(1), "get", name, "-o", "json", "--state", state.toString());
            assertThat(get.exitCode()).as("%s", get).isZero();
            var release = cluster.client().getKubernetesSerialization().unmarshal(stdoutOf(get), HoradusRelease.class);
            return seen(release.getStatus(), name, project);
        } finally {
            HostProbe.cleanUp(name, port);
        }
    }

    private Seen throughTheOperator() throws Exception {
        var name = "agree-op-" + shortId();
        var port = LoopbackPorts.free();
        var project = SampleProject.create(scratch.resolve(name), port);
        try (var trail = new StatusTrail(cluster.client(), name)) {
            var release = Manifests.fromClasspath().parse(yaml(project, name, "v1.0.0"), name + ".yaml").get(0);
            cluster.client().resource(release).create();
            await("v1.0.0 Ready").atMost(RELEASE).until(() -> releases.readyAt(name, "v1.0.0"));
            releases.setTag(name, "v1.1.0");
            await("v1.1.0 Ready").atMost(RELEASE).until(() -> releases.readyAt(name, "v1.1.0"));
            await("the status at rest").atMost(RELEASE).until(() -> Duration.between(trail.lastChanged(), Instant.now()).compareTo(QUIET) >= 0);
            return seen(releases.get(name).getStatus(), name, project);
        } finally {
            HostProbe.cleanUp(name, port);
        }
    }

    /**
     * The demo's manifest of the sample; the release is promoted when it is verified (verify.watchSeconds 0),
     * as horadus apply returns at Ready and nothing watches after it.
     */
    private static String yaml(SampleProject project, String name, String tag) {
        var yaml = project.manifest(name, tag).yaml();
        var promotedAtReady = yaml.replaceFirst("watchSeconds: \\d+", "watchSeconds: 0");
        assertThat(promotedAtReady).isNotEqualTo(yaml);
        return promotedAtReady;
    }

    private static Seen seen(HoradusReleaseStatus status, String project, SampleProject sample) {
        var tags = new ArrayList<String>();
        tags.add(status.getDesiredTag());
        tags.add(status.getCurrentTag());
        tags.add(status.getLastGoodTag());
        var conditions = status.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).sorted().toList();
        var history = status.getHistory().stream().map(h -> h.getTag() + " " + h.getOutcome() + " " + h.getReason()).toList();
        return new Seen(status.getPhase(), tags, conditions, history, MigrationLog.runs(project).size(),
                Objects.requireNonNullElse(HostProbe.get(sample.healthUrl()), "no answer"));
    }

    private record Ran(int exitCode, Path stdout, String output) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n" + output;
        }
    }

    /** The packaged command line, as a person runs it; stdout kept apart from stderr. */
    private Ran horadus(Duration timeout, String... args) throws Exception {
        var logs = Files.createDirectories(scratch.resolve("logs"));
        var stdout = logs.resolve("horadus-" + args[0] + "-" + shortId() + ".out");
        var stderr = logs.resolve(stdout.getFileName().toString().replace(".out", ".err"));
        var argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        var process = new ProcessBuilder(argv).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("horadus " + String.join(" ", args) + " did not end within " + timeout + ": " + Files.readString(stderr));
        }
        return new Ran(process.exitValue(), stdout, Files.readString(stderr) + Files.readString(stdout));
    }

    private static String stdoutOf(Ran ran) throws Exception {
        return Files.readString(ran.stdout());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

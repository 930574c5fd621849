package io.horadus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleProject;
import io.horadus.it.HostProbe;
import io.horadus.testing.GitFixture;
import io.horadus.testing.HoradusProcess;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code horadus agent}, the packaged jar run as a person runs it (GitOps without a cluster): what it prints,
 * what it leaves in the state directory, what serves on the Docker host, and how it stops. Each test has its
 * own sample repository, API port, compose project and state directory; the host is cleaned of them after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentIT {

    /** Generous: a release builds two images and runs three gates, on a shared and sometimes slow machine. */
    private static final Duration RELEASE = Duration.ofMinutes(3);
    /** A stop waits for the step in flight; at rest there is none. */
    private static final Duration STOP = Duration.ofSeconds(60);
    /**
     * What a JVM stopped by SIGTERM exits with (128 + 15): the agent stops at a step boundary and then lets
     * the JVM end as the signal asked (Horadus.main does not call System.exit while it shuts down).
     */
    private static final int EXIT_ON_SIGTERM = 143;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path scratch;
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    void setUp() throws IOException {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", "AgentIT-" + shortId())).toAbsolutePath();
    }

    @AfterAll
    void cleanHost() {
        for (var cleanup : cleanups) {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                System.err.println("host clean-up failed: " + e);
            }
        }
    }

    @Test
    @DisplayName("agent on a git repository: each pushed tag is released; a release whose health breaks is rolled back on its own; apply is refused meanwhile; SIGTERM stops it and keeps the state")
    void followsAGitRepository() throws Exception {
        var name = "agent-git-" + shortId();
        var project = sample(name);
        var state = scratch.resolve(name + "-state");
        var manifests = GitFixture.create(scratch.resolve(name + "-manifests"));
        var manifestPath = "releases/" + name + ".yaml";
        manifests.commit(Map.of(manifestPath, project.manifest(name, "v1.0.0").yaml()), "release v1.0.0");

        var horadus = HoradusProcess.of(state, scratch.resolve(name + "-logs"));
        try (manifests; var agent = horadus.start("agent", "--manifests", manifests.url(),
                "--path", "releases", "--interval", "2s", "--state", state.toString())) {
            await("v1.0.0 Ready").atMost(RELEASE).until(() -> at(state, name, "Ready", "v1.0.0"));
            assertThat(HostProbe.get(project.healthUrl())).isEqualTo("ok v1.0.0");

            // The agent holds the release: a person's apply of the same manifest is refused and changes nothing.
            var manifestFile = Files.writeString(scratch.resolve(name + "-apply.yaml"), project.manifest(name, "v1.0.0").yaml());
            var apply = horadus.run(Duration.ofMinutes(1), "apply", "-f", manifestFile.toString(),
                    "--state", state.toString());
            assertThat(apply.exitCode()).as("%s", apply).isEqualTo(1);
            assertThat(apply.stderr()).as("%s", apply).contains("held by pid " + agent.pid() + " (horadus agent)");
            assertThat(status(state, name).path("currentTag").asText()).isEqualTo("v1.0.0");

            var v110 = manifests.commit(Map.of(manifestPath, project.manifest(name, "v1.1.0").yaml()), "release v1.1.0");
            await("the agent reads the pushed commit").atMost(Duration.ofMinutes(1))
                    .until(() -> agent.stderr().contains("► manifests at " + v110.substring(0, 7)));
            // Promoted (verify.watchSeconds) before the next push, so that is what a rollback returns to.
            await("v1.1.0 Ready and the last good tag").atMost(RELEASE)
                    .until(() -> at(state, name, "Ready", "v1.1.0") && "v1.1.0".equals(status(state, name).path("lastGoodTag").asText()));
            assertThat(HostProbe.get(project.healthUrl())).isEqualTo("ok v1.1.0");

            manifests.commit(Map.of(manifestPath, project.manifest(name, "v1.2.0").yaml()), "release v1.2.0");
            await("v1.2.0 released").atMost(RELEASE).until(() -> "v1.2.0".equals(status(state, name).path("currentTag").asText()));
            await("v1.2.0 rolled back when its health broke").atMost(RELEASE).until(() -> at(state, name, "RolledBack", "v1.1.0"));
            var rolledBack = status(state, name);
            assertThat(rolledBack.path("desiredTag").asText()).isEqualTo("v1.2.0");
            assertThat(rolledBack.path("lastGoodTag").asText()).isEqualTo("v1.1.0");
            assertThat(HostProbe.get(project.healthUrl())).isEqualTo("ok v1.1.0");
            assertThat(history(rolledBack)).as("history, newest first").startsWith("v1.2.0 RolledBack").contains("v1.1.0 Succeeded", "v1.0.0 Succeeded");
            assertThat(MigrationLog.runs(name)).as("one migration per release, none on rollback").hasSize(3);
            assertThat(agent.stderr()).contains(name + ": ↺ rolled back");

            var stopped = agent.terminate(STOP);
            assertThat(stopped.exitCode()).as("%s", stopped).isEqualTo(EXIT_ON_SIGTERM);
            assertThat(stopped.stderr()).contains("‖ stopping");
            var after = stateFile(state, name);
            assertThat(after.path("format").asText()).isEqualTo("horadus.io/state/v1");
            var kept = after.path("release").path("status");
            assertThat(kept.path("phase").asText()).as("phase kept").isEqualTo("RolledBack");
            assertThat(kept.path("currentTag").asText()).isEqualTo("v1.1.0");
            assertThat(kept.path("lastGoodTag").asText()).isEqualTo("v1.1.0");
            assertThat(HostProbe.get(project.healthUrl())).as("a stopped agent leaves the host serving").isEqualTo("ok v1.1.0");

            // The lock went with the agent: what the state says is readable by the next command.
            var get = horadus.run(Duration.ofMinutes(1), "get", name, "--state", state.toString());
            assertThat(get.exitCode()).as("%s", get).isZero();
            assertThat(get.stdout()).contains("RolledBack").contains("v1.1.0");
        }
    }

    @Test
    @DisplayName("agent on a folder: a manifest the rules refuse is reported on stderr, and the other release is still released")
    void refusedManifestDoesNotStopTheOthers() throws Exception {
        var name = "agent-dir-" + shortId();
        var project = sample(name);
        var state = scratch.resolve(name + "-state");
        var folder = Files.createDirectories(scratch.resolve(name + "-manifests"));
        var refusedName = name + "-latest";
        Files.writeString(folder.resolve("a-latest.yaml"), project.manifest(refusedName, "v1.0.0").yaml().replace("tag: v1.0.0", "tag: latest"));
        Files.writeString(folder.resolve("b-good.yaml"), project.manifest(name, "v1.0.0").yaml());

        try (var agent = HoradusProcess.of(state, scratch.resolve(name + "-logs")).start("agent", "--manifests", folder.toString(),
                "--interval", "2s", "--state", state.toString())) {
            await("the refusal reported").atMost(Duration.ofMinutes(1)).until(() -> agent.stderr().contains("a-latest.yaml"));
            assertThat(agent.stderr().lines().filter(l -> l.contains("a-latest.yaml")).toList()).as(agent.stderr())
                    .singleElement().satisfies(line -> assertThat(line).startsWith("✗ ").contains("spec.tag"));

            await("the good manifest released").atMost(RELEASE).until(() -> at(state, name, "Ready", "v1.0.0"));
            assertThat(HostProbe.get(project.healthUrl())).isEqualTo("ok v1.0.0");
            assertThat(state.resolve("releases/default/" + refusedName + ".json")).as("nothing recorded for the refused manifest").doesNotExist();
            assertThat(agent.stderr().lines().filter(l -> l.contains("a-latest.yaml")).count()).as("reported once, not every interval").isEqualTo(1);

            var stopped = agent.terminate(STOP);
            assertThat(stopped.exitCode()).as("%s", stopped).isEqualTo(EXIT_ON_SIGTERM);
            assertThat(status(state, name).path("phase").asText()).isEqualTo("Ready");
        }
    }

    @Test
    @DisplayName("agent --metrics-port: the release metrics in Prometheus text on 127.0.0.1, after a release; a port that is not one is refused, running nothing")
    void servesMetrics() throws Exception {
        var name = "agent-metrics-" + shortId();
        var project = sample(name);
        var state = scratch.resolve(name + "-state");
        var folder = Files.createDirectories(scratch.resolve(name + "-manifests"));
        Files.writeString(folder.resolve("release.yaml"), project.manifest(name, "v1.0.0").yaml());
        var horadus = HoradusProcess.of(state, scratch.resolve(name + "-logs"));

        var refused = horadus.run(Duration.ofMinutes(1), "agent", "--manifests", folder.toString(), "--metrics-port", "70000", "--state", state.toString());
        assertThat(refused.exitCode()).as("%s", refused).isEqualTo(1);
        assertThat(refused.stderr()).as("%s", refused).contains("--metrics-port 70000 is not a TCP port (1-65535)");
        assertThat(state.resolve("releases/default/" + name + ".json")).as("nothing run").doesNotExist();

        var port = LoopbackPorts.free();
        try (var agent = horadus.start("agent", "--manifests", folder.toString(), "--interval", "2s", "--metrics-port", String.valueOf(port),
                "--state", state.toString())) {
            await("serving").atMost(Duration.ofMinutes(1)).until(() -> agent.stderr().contains("► metrics at http://127.0.0.1:" + port + "/metrics"));
            await("v1.0.0 Ready and the last good tag").atMost(RELEASE)
                    .until(() -> at(state, name, "Ready", "v1.0.0") && "v1.0.0".equals(status(state, name).path("lastGoodTag").asText()));

            await("the info series of the Ready release").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scrape(port).lines()
                    .filter(line -> line.startsWith("horadus_release_info{")).toList()).containsExactly(
                    "horadus_release_info{current_tag=\"v1.0.0\",desired_tag=\"v1.0.0\",last_good_tag=\"v1.0.0\",name=\"" + name
                            + "\",namespace=\"default\",phase=\"Ready\",} 1.0"));
            var text = scrape(port);
            assertThat(text).contains(
                    "horadus_step_duration_seconds_count{result=\"Succeeded\",step=\"Build\",} 1.0",
                    "horadus_step_duration_seconds_count{result=\"Succeeded\",step=\"Verify\",} 1.0",
                    "horadus_gate_duration_seconds_count{gate=\"check\",result=\"Passed\",} 1.0",
                    "horadus_gate_duration_seconds_count{gate=\"db-upgrade\",result=\"Passed\",} 1.0",
                    "horadus_rollbacks_total{reason=\"HealthFailed\",} 0.0",
                    "# TYPE horadus_step_duration_seconds histogram");
            await("the Docker host pinged").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(scrape(port)).contains("horadus_host_reachable{host=\"unix:///var/run/docker.sock\",} 1.0"));
            io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/elsewhere").then().statusCode(404);

            var stopped = agent.terminate(STOP);
            assertThat(stopped.exitCode()).as("%s", stopped).isEqualTo(EXIT_ON_SIGTERM);
        }
    }

    /** GET /metrics of the agent, as Prometheus asks it. */
    private static String scrape(int port) {
        var response = io.restassured.RestAssured.given().baseUri("http://127.0.0.1").port(port).get("/metrics");
        response.then().statusCode(200).contentType("text/plain; version=0.0.4; charset=utf-8");
        return response.asString();
    }

    /** A sample repository of the test's own, its compose project named like the release and removed after the class. */
    private SampleProject sample(String name) {
        var port = LoopbackPorts.free();
        cleanups.add(() -> HostProbe.cleanUp(name, port));
        return SampleProject.create(scratch.resolve(name + "-sample"), port, SampleProject.DEFAULT_BREAKS_AFTER_SECONDS);
    }

    private static boolean at(Path state, String name, String phase, String currentTag) {
        var status = status(state, name);
        return phase.equals(status.path("phase").asText()) && currentTag.equals(status.path("currentTag").asText());
    }

    /** The release's status as the state file holds it (a missing node before the agent wrote it). */
    private static JsonNode status(Path state, String name) {
        var file = state.resolve("releases/default/" + name + ".json");
        if (!Files.exists(file)) {
            return JSON.missingNode();
        }
        return stateFile(state, name).path("release").path("status");
    }

    /** The whole state file; a file that does not parse fails the test. */
    private static JsonNode stateFile(Path state, String name) {
        try {
            return JSON.readTree(state.resolve("releases/default/" + name + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> history(JsonNode status) {
        var rows = new ArrayList<String>();
        status.path("history").forEach(h -> rows.add(h.path("tag").asText() + " " + h.path("outcome").asText()));
        return rows;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

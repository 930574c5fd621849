package io.horadus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.demo.BaseImage;
import io.horadus.demo.ReleaseManifest;
import io.horadus.demo.RepositoryWriter;
import io.horadus.demo.SampleApp;
import io.horadus.it.HostProbe;
import io.horadus.testing.HoradusProcess;
import io.horadus.testing.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stages without a cluster: {@code horadus agent} on a folder holding staging, production (promoted from staging,
 * rolled back with it) and an auto-following release, over the real Docker engine, compose and a git repository of
 * the test's. Production runs nothing until staging released and verified the same commit and the soak passed; a tag
 * staging rolls back is rolled back in production, and the auto release, which had chosen it, never releases it.
 *
 * <p>The stages release the same commit onto one host, so the repository's compose file takes the api's port from
 * ${API_PORT}, which each release's variablesSecretRef sets (secrets/NAME-vars/API_PORT in the state).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromotionAgentIT {

    /** Generous: a release builds two images and runs three gates, on a shared and sometimes slow machine. */
    private static final Duration RELEASE = Duration.ofMinutes(3);
    private static final Duration STOP = Duration.ofSeconds(60);
    private static final int EXIT_ON_SIGTERM = 143;
    private static final int SOAK_SECONDS = 3;
    /** Longer than the test: the auto release waits out its soak while staging rolls the tag back. */
    private static final int LONG_SOAK_SECONDS = 3600;
    /** Rendered into the sample's files, then replaced by ${API_PORT} in the compose file. */
    private static final int PORT_PLACEHOLDER = 65_431;
    private static final List<String> TAGS = List.of("v1.0.0", "v1.1.0");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path scratch;
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    void setUp() throws IOException {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", "PromotionAgentIT-" + shortId())).toAbsolutePath();
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
    @DisplayName("agent with staging → production: production waits for staging's release and soak, then releases the same commit; "
            + "a tag staging rolls back is rolled back in production (onUpstreamRollback RollBack) and never released by an auto release that had chosen it")
    void promotesThroughStages() throws Exception {
        var id = shortId();
        var staging = stage("promo-" + id + "-staging");
        var production = stage("promo-" + id + "-production");
        var follower = stage("promo-" + id + "-auto");
        var source = repository(scratch.resolve(id + "-source"));
        var state = scratch.resolve(id + "-state");
        for (var stage : List.of(staging, production, follower)) {
            secret(state, stage.name() + "-vars", "API_PORT", Integer.toString(stage.port()));
        }
        var folder = Files.createDirectories(scratch.resolve(id + "-manifests"));
        // Production's manifest is there before staging has run anything: it waits.
        write(folder, production, production.manifest(source, "v1.0.0", """
                  promotion:
                    from: [%s]
                    soakSeconds: %d
                    onUpstreamRollback: RollBack
                """.formatted(staging.name(), SOAK_SECONDS)));
        write(folder, follower, follower.manifest(source, null, """
                  promotion:
                    from: [%s]
                    soakSeconds: %d
                    auto: true
                """.formatted(staging.name(), LONG_SOAK_SECONDS)));
        write(folder, staging, staging.manifest(source, "v1.0.0", ""));

        var horadus = HoradusProcess.of(state, scratch.resolve(id + "-logs"));
        try (var agent = horadus.start("agent", "--manifests", folder.toString(), "--interval", "3s", "--state", state.toString())) {
            await("production waits for staging").atMost(RELEASE).until(() -> "AwaitingUpstream".equals(status(state, production).path("phase").asText()));
            assertThat(HostProbe.running(production.name())).as("nothing of production runs while it waits").isEmpty();
            assertThat(condition(status(state, production), "UpstreamVerified").path("status").asText()).isEqualTo("Unknown");

            await("staging v1.0.0 Ready").atMost(RELEASE).until(() -> at(state, staging, "Ready", "v1.0.0"));
            await("production v1.0.0 Ready").atMost(RELEASE).until(() -> at(state, production, "Ready", "v1.0.0"));
            assertThat(HostProbe.get(production.healthUrl())).isEqualTo("ok v1.0.0");
            var released = status(state, production);
            assertThat(released.path("currentCommit").asText()).as("the commit staging verified").isEqualTo(status(state, staging).path("currentCommit").asText());
            var verdict = released.path("promotion").path("upstreams").path(0);
            assertThat(verdict.path("name").asText()).isEqualTo(staging.name());
            assertThat(verdict.path("reason").asText()).isEqualTo("UpstreamVerified");
            assertThat(released.path("promotion").path("chain").toString()).isEqualTo("[\"" + staging.name() + "\",\"" + production.name() + "\"]");
            var soakEnded = Instant.parse(verdict.path("verifiedAt").asText()).plusSeconds(SOAK_SECONDS);
            assertThat(created(production, "api")).as("production's api started after staging's soak ended (%s)", soakEnded).isAfterOrEqualTo(soakEnded);
            assertThat(condition(released, "UpstreamVerified").path("status").asText()).isEqualTo("True");

            // What a person reads: the chain and staging's verdict.
            var describe = horadus.run(Duration.ofMinutes(1), "describe", production.name(), "--state", state.toString());
            assertThat(describe.exitCode()).as("%s", describe).isZero();
            assertThat(describe.stdout()).contains("  Chain:       " + staging.name() + " → " + production.name(),
                    "  Soak:        3.0s, on upstream rollback: RollBack");
            assertThat(describe.stdout().lines()).anySatisfy(line -> assertThat(line.trim().split("\\s+")).startsWith(staging.name(), "UpstreamVerified"));
            assertThat(agent.stderr()).contains(production.name() + ": ◎ waiting for upstreams: v1.0.0 (commit ");

            // Both good before the next tag: what a rollback returns to.
            await("v1.0.0 the last good tag of staging and production").atMost(RELEASE).until(() -> lastGood(state, staging, "v1.0.0")
                    && lastGood(state, production, "v1.0.0"));
            write(folder, staging, staging.manifest(source, "v1.1.0", ""));
            write(folder, production, production.manifest(source, "v1.1.0", """
                      promotion:
                        from: [%s]
                        soakSeconds: %d
                        onUpstreamRollback: RollBack
                    """.formatted(staging.name(), SOAK_SECONDS)));
            await("production v1.1.0 Ready after staging's").atMost(RELEASE).until(() -> at(state, production, "Ready", "v1.1.0"));
            assertThat(status(state, staging).path("currentTag").asText()).isEqualTo("v1.1.0");
            // The auto release chooses staging's newest good tag, and waits out its soak.
            await("the auto release follows v1.1.0, good in staging").atMost(RELEASE).until(() -> "v1.1.0".equals(status(state, follower).path("desiredTag").asText())
                    && "SoakPending".equals(status(state, follower).path("promotion").path("upstreams").path(0).path("reason").asText()));

            // An incident in staging: its api's health is gone, so staging rolls v1.1.0 back.
            breakHealth(staging);
            await("staging rolled back to v1.0.0").atMost(RELEASE).until(() -> at(state, staging, "RolledBack", "v1.0.0"));
            await("production rolled back to v1.0.0 with it").atMost(RELEASE).until(() -> at(state, production, "RolledBack", "v1.0.0"));
            assertThat(HostProbe.get(production.healthUrl())).as("production's own health never failed").isEqualTo("ok v1.0.0");
            var rolledBack = status(state, production);
            assertThat(condition(rolledBack, "UpstreamVerified").path("reason").asText()).isEqualTo("UpstreamRolledBack");
            assertThat(revoked(rolledBack)).contains("v1.1.0 " + staging.name());

            await("the auto release knows v1.1.0 is revoked").atMost(RELEASE).until(() -> revoked(status(state, follower)).contains("v1.1.0 " + staging.name()));
            var followed = status(state, follower);
            assertThat(condition(followed, "UpstreamVerified").path("reason").asText()).isEqualTo("UpstreamRolledBack");
            assertThat(followed.path("currentTag").isMissingNode() || followed.path("currentTag").isNull()).as("released nothing: %s", followed).isTrue();
            assertThat(HostProbe.running(follower.name())).as("nothing of the auto release ever ran").isEmpty();
            var described = horadus.run(Duration.ofMinutes(1), "describe", follower.name(), "--state", state.toString());
            assertThat(described.stdout()).as("%s", described).contains("  Revoked (never promoted automatically again):",
                    "    v1.1.0 (" + status(state, staging).path("history").path(0).path("commit").asText().substring(0, 7) + "), rolled back by " + staging.name());

            var stopped = agent.terminate(STOP);
            assertThat(stopped.exitCode()).as("%s", stopped).isEqualTo(EXIT_ON_SIGTERM);
        }
    }

    /** One stage: its release name (also its compose project) and the port its api answers on. */
    private record Stage(String name, int port) {

        String healthUrl() {
            return "http://127.0.0.1:" + port + "/health";
        }

        /**
         * The demo's manifest of this stage with its compose variables from secrets/NAME-vars and {@code promotion}
         * (YAML at the spec's indentation, or ""); without spec.tag when {@code tag} is null (auto).
         */
        String manifest(String source, String tag, String promotion) {
            var yaml = new ReleaseManifest(name, tag == null ? "v1.0.0" : tag, source, port).yaml();
            var target = "  target:\n    project: " + name + "\n";
            if (!yaml.contains(target)) {
                throw new IllegalStateException("the demo's manifest no longer has the lines " + target);
            }
            yaml = yaml.replace(target, target + "    variablesSecretRef: " + name + "-vars\n");
            if (tag == null) {
                yaml = yaml.replace("  tag: v1.0.0\n", "");
            }
            return yaml + promotion;
        }
    }

    private Stage stage(String name) {
        var port = LoopbackPorts.free();
        cleanups.add(() -> HostProbe.cleanUp(name, port));
        return new Stage(name, port);
    }

    /**
     * The sample app's repository, v1.0.0 and v1.1.0 healthy, annotated, with notes: as the demo's, except that
     * the compose file reads the api's port from ${API_PORT}, so that two stages run the same commit side by side.
     */
    private static String repository(Path directory) {
        try (var repository = RepositoryWriter.init(directory, "main", "Promotion IT", "promotion@horadus.invalid")) {
            var changelog = new StringBuilder("# Changelog\n");
            for (var tag : TAGS) {
                var notes = "- " + tag + " of the sample, promoted from staging to production.";
                changelog.insert("# Changelog\n".length(), "\n## " + tag + "\n\n" + notes + "\n");
                var files = new LinkedHashMap<>(SampleApp.files(SampleApp.Variant.ok(tag, PORT_PLACEHOLDER)));
                var compose = files.get(SampleApp.COMPOSE_FILE);
                files.put(SampleApp.COMPOSE_FILE, compose.replace(Integer.toString(PORT_PLACEHOLDER), "${API_PORT}"));
                for (var file : List.of("Makefile", "scripts/check.sh", "scripts/test.sh", "scripts/db-upgrade.sh")) {
                    files.put(file, resource("/io/horadus/demo/sample-project/" + file));
                }
                files.put("CHANGELOG.md", changelog.toString());
                var commit = repository.commit(files, "Release " + tag);
                repository.annotatedTag(tag, commit, "Release " + tag + "\n\n" + notes + "\n", false);
            }
        }
        return directory.toUri().toString();
    }

    private static String resource(String name) {
        try (InputStream in = PromotionAgentIT.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** secrets/NAME/KEY in the state directory, readable by its owner only. */
    private static void secret(Path state, String name, String key, String value) throws IOException {
        var file = Files.createDirectories(state.resolve("secrets").resolve(name)).resolve(key);
        Files.writeString(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** The stage's manifest file, replaced whole (as an editor's save or a git checkout does). */
    private static void write(Path folder, Stage stage, String yaml) throws IOException {
        var temporary = folder.resolve("." + stage.name() + ".tmp");
        Files.writeString(temporary, yaml);
        Files.move(temporary, folder.resolve(stage.name() + ".yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the stage's health page inside its api container: /health answers 404 from now on. */
    private static void breakHealth(Stage stage) {
        var api = HostProbe.docker("ps", "-q", "--filter", "label=com.docker.compose.project=" + stage.name(),
                "--filter", "label=com.docker.compose.service=api").strip();
        assertThat(api).as("%s's api container", stage.name()).isNotEmpty().doesNotContain("\n");
        HostProbe.docker("exec", api, "rm", "-f", "/www/health");
        assertThat(HostProbe.get(stage.healthUrl())).as("the health page is gone").isNotEqualTo("ok v1.1.0");
    }

    /** When the stage's container of {@code service} was created, as the engine says. */
    private static Instant created(Stage stage, String service) {
        var id = HostProbe.docker("ps", "-q", "--filter", "label=com.docker.compose.project=" + stage.name(),
                "--filter", "label=com.docker.compose.service=" + service).strip();
        return Instant.parse(HostProbe.docker("inspect", "-f", "{{.Created}}", id).strip());
    }

    private static boolean at(Path state, Stage stage, String phase, String currentTag) {
        var status = status(state, stage);
        return phase.equals(status.path("phase").asText()) && currentTag.equals(status.path("currentTag").asText());
    }

    private static boolean lastGood(Path state, Stage stage, String tag) {
        return tag.equals(status(state, stage).path("lastGoodTag").asText());
    }

    /** "TAG RELEASE" of each tag status.promotion.revoked holds. */
    private static List<String> revoked(JsonNode status) {
        var tags = new ArrayList<String>();
        status.path("promotion").path("revoked").forEach(r -> tags.add(r.path("tag").asText() + " " + r.path("release").asText()));
        return tags;
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (var condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return JSON.missingNode();
    }

    /** The release's status as the state file holds it (a missing node before the agent wrote it). */
    private static JsonNode status(Path state, Stage stage) {
        var file = state.resolve("releases/default/" + stage.name() + ".json");
        if (!Files.exists(file)) {
            return JSON.missingNode();
        }
        try {
            return JSON.readTree(file.toFile()).path("release").path("status");
        } catch (IOException e) {
            // Written whole and renamed into place: a read never sees half a file.
            throw new UncheckedIOException(e);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

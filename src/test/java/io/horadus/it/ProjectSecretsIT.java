package io.horadus.it;

import io.horadus.api.Phase;
import io.horadus.api.ProjectFileSpec;
import io.horadus.demo.SampleApp;
import io.horadus.testing.GitFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Horadus compose file's shape for secrets, on a real engine: {@code env_file: [.env]} on the
 * api and the migration, a {@code ${VARIABLE}} that compose interpolates, and neither in git. The
 * operator writes .env from a Secret and hands compose the variables from another; the values reach
 * the containers and nothing else (status, Events, the operator's log).
 */
class ProjectSecretsIT extends OperatorHarness {

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(3);
    private static final String DB_PASSWORD = "sentinel-db-pw-4711";
    private static final String API_KEY = "sentinel-api-key-0815";
    private static final String INTERPOLATED = "sentinel-interp-42";
    private static final String OVERRIDE = "docker-compose.secrets.yml";

    /**
     * The sample app with an override like the real file: the api and the migration read .env, the api
     * carries an interpolated label. The migration prints its password, as a careless app does, and
     * exits with {@code migrationExit}.
     */
    private static Map<String, String> files(SampleApp.Variant version, int migrationExit) {
        var files = new HashMap<>(SampleApp.files(version));
        files.put(OVERRIDE, """
                version: "3.8"
                services:
                  api:
                    env_file: [.env]
                    labels:
                      io.horadus.test.interpolated: "${SAMPLE_INTERPOLATED}"
                  migrate:
                    env_file: [.env]
                    command: ["sh", "-c", "echo connecting with password $$DB_PASSWORD; sh /app/migrate.sh; exit %d"]
                """.formatted(migrationExit));
        return files;
    }

    private void secrets() {
        secret("sample-env", Map.of("env", "DB_PASSWORD=" + DB_PASSWORD + "\nAPI_KEY=\"" + API_KEY + "\"\n"));
        secret("sample-variables", Map.of("SAMPLE_INTERPOLATED", INTERPOLATED));
    }

    @Test
    @DisplayName("an env_file and a variable from Secrets reach the containers, are written 0600, and are masked in a failed migration's output")
    void envFileAndVariablesFromSecrets() throws Exception {
        secrets();
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0");
        var git = GitFixture.create(Files.createDirectories(scratch.resolve("git-secrets")));
        git.commit(files(v100, 0), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nFirst release.");
        git.commit(files(v110, 3), "Horadus v1.1.0");
        git.annotatedTag("v1.1.0", "Release v1.1.0\n\nSecond release.");

        releases.create("secrets", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getTarget().setComposeFiles(List.of(SampleApp.COMPOSE_FILE, OVERRIDE));
            spec.getTarget().setFiles(List.of(new ProjectFileSpec(".env", "sample-env", "env")));
            spec.getTarget().setVariablesSecretRef("sample-variables");
        });
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("secrets", "v1.0.0"));

        var api = HostProbe.docker("ps", "-q", "--filter", "label=com.docker.compose.project=" + app.project(),
                "--filter", "label=com.docker.compose.service=api").strip();
        assertThat(HostProbe.docker("inspect", "--format", "{{json .Config.Env}}", api)).contains("DB_PASSWORD=" + DB_PASSWORD).contains(API_KEY);
        assertThat(HostProbe.docker("inspect", "--format", "{{index .Config.Labels \"io.horadus.test.interpolated\"}}", api).strip()).isEqualTo(INTERPOLATED);
        var written = envFilesIn(scratch.resolve("operator-work"));
        assertThat(written).isNotEmpty();
        for (var file : written) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------");
        }

        releases.setTag("secrets", "v1.1.0");
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.stalled("secrets"));
        var status = releases.get("secrets").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(releases.condition("secrets", "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("MigrationFailed"));
        assertThat(status.getLastCommand().getOutputTail()).contains("connecting with password ***");
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo(v100.healthBody());

        assertNoSentinelOutsideTheHost();
    }

    @Test
    @DisplayName("a missing key, or a variable the operator reserves, stalls with SecretInvalid naming it, and runs nothing")
    void badSecretsRunNothing() throws Exception {
        secrets();
        secret("hijack", Map.of("DOCKER_HOST", "tcp://127.0.0.1:1"));
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"));

        releases.create("no-key", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"),
                spec -> spec.getTarget().setFiles(List.of(new ProjectFileSpec(".env", "sample-env", "prod.env"))));
        releases.create("reserved", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"),
                spec -> spec.getTarget().setVariablesSecretRef("hijack"));
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.stalled("no-key") && releases.stalled("reserved"));

        assertThat(releases.condition("no-key", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("SecretInvalid");
            assertThat(c.getMessage()).isEqualTo("Secret sample-env has no key 'prod.env' (for the file .env)");
        });
        assertThat(releases.condition("reserved", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("SecretInvalid");
            assertThat(c.getMessage()).contains("'DOCKER_HOST' is reserved");
        });
        assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();
        assertNoSentinelOutsideTheHost();
    }

    private void assertNoSentinelOutsideTheHost() throws Exception {
        SecretLeaks.assertNowhere(cluster, operator, List.of(DB_PASSWORD, API_KEY, INTERPOLATED));
    }

    private static List<Path> envFilesIn(Path workDir) throws Exception {
        try (var walk = Files.walk(workDir)) {
            return walk.filter(p -> p.getFileName().toString().equals(".env")).toList();
        }
    }
}

package io.horadus.it;

import io.horadus.api.ExecCheckSpec;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HttpCheckSpec;
import io.horadus.api.HttpProbeSpec;
import io.horadus.api.Phase;
import io.horadus.api.ProbeCheckSpec;
import io.horadus.api.ProjectFileSpec;
import io.horadus.testing.GitFixture;
import io.horadus.testing.HoradusShapedApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Horadus-shaped app as a monitor must check the real one, on a real engine: health behind X-API-Key,
 * metrics behind X-Admin-API-Key, both keys from Secrets; a public liveness page with an expected status
 * and body; and the runbook's {@code curl localhost:8000/health} run inside the api container, with the
 * key the container got from .env (the key never appears in the spec).
 */
class ProbeChecksIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String API_KEY = "sentinel-probe-api-key-5521";
    private static final String ADMIN_KEY = "sentinel-probe-admin-key-7730";
    private static final String WRONG_KEY = "sentinel-probe-wrong-key-9904";
    private static final String DB_PASSWORD = "sentinel-probe-db-pw-1203";
    private static final String SECRET_KEY = "sentinel-probe-secret-key-6644";

    @Test
    @DisplayName("released to Ready through keyed health, keyed metrics, a public liveness check and an exec check inside the api; no key shows anywhere")
    void keyedAndInContainerChecks() throws Exception {
        secret("probe-env", Map.of("env", HoradusShapedApp.envFile(DB_PASSWORD, SECRET_KEY, "production", API_KEY, ADMIN_KEY)));
        secret("probe-keys", Map.of("X-API-Key", API_KEY));
        secret("probe-admin-keys", Map.of("X-Admin-API-Key", ADMIN_KEY));
        var app = app();
        var v100 = HoradusShapedApp.Variant.ok("v1.0.0", app.port(), 1);

        release("keyed", app, v100, spec -> spec.getVerify().getHttp().setHeadersSecretRef("probe-keys"));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("keyed", "v1.0.0") || releases.stalled("keyed"));

        assertThat(releases.readyAt("keyed", "v1.0.0")).as("Ready: %s", releases.condition("keyed", "Ready")
                .map(c -> c.getReason() + ": " + c.getMessage()).orElse("no Ready condition")).isTrue();
        assertThat(HostProbe.get(v100.keyedHealthUrl())).as("without the key the api refuses its health page").isNull();
        assertThat(HostProbe.get(v100.keyedMetricsUrl())).as("and its metrics page").isNull();
        assertThat(releases.get("keyed").getStatus().getPhase()).isEqualTo(Phase.Ready);
        SecretLeaks.assertNowhere(cluster, operator, List.of(API_KEY, ADMIN_KEY, DB_PASSWORD, SECRET_KEY));
    }

    @Test
    @DisplayName("a wrong key in the headers Secret fails verification with the api's 401, and shows nowhere")
    void wrongKeyFails() throws Exception {
        secret("probe-env", Map.of("env", HoradusShapedApp.envFile(DB_PASSWORD, SECRET_KEY, "production", API_KEY, ADMIN_KEY)));
        secret("probe-wrong-keys", Map.of("X-API-Key", WRONG_KEY));
        secret("probe-admin-keys", Map.of("X-Admin-API-Key", ADMIN_KEY));
        var app = app();
        var v100 = HoradusShapedApp.Variant.ok("v1.0.0", app.port(), 1);

        release("wrong-key", app, v100, spec -> {
            spec.getVerify().getHttp().setHeadersSecretRef("probe-wrong-keys");
            spec.getVerify().setTimeoutSeconds(8);
        });
        await().atMost(TIMEOUT).until(() -> releases.stalled("wrong-key"));

        assertThat(releases.condition("wrong-key", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("VerificationFailed");
            assertThat(c.getMessage()).contains("health: HTTP 401: missing or wrong X-API-Key");
        });
        SecretLeaks.assertNowhere(cluster, operator, List.of(WRONG_KEY, API_KEY, ADMIN_KEY, DB_PASSWORD, SECRET_KEY));
    }

    @Test
    @DisplayName("a headers Secret that does not exist is a SecretInvalid condition, and nothing runs on the host")
    void missingHeadersSecret() throws Exception {
        secret("probe-env", Map.of("env", HoradusShapedApp.envFile(DB_PASSWORD, SECRET_KEY, "production", API_KEY, ADMIN_KEY)));
        var app = app();
        var v100 = HoradusShapedApp.Variant.ok("v1.0.0", app.port(), 1);

        release("absent-keys", app, v100, spec -> spec.getVerify().getHttp().setHeadersSecretRef("probe-keys-absent"));
        await().atMost(Duration.ofMinutes(1)).until(() -> releases.condition("absent-keys", "Ready")
                .map(c -> "SecretInvalid".equals(c.getReason())).orElse(false));

        assertThat(releases.condition("absent-keys", "Ready").orElseThrow().getMessage())
                .isEqualTo("Secret probe-keys-absent not found in namespace " + Releases.NAMESPACE);
        assertThat(HostProbe.traces(app.project(), app.port())).as("nothing built, nothing started").isEmpty();
    }

    /** A Horadus-shaped release checked the way the real one must be, with {@code customize} applied last. */
    private void release(String name, App app, HoradusShapedApp.Variant version, Consumer<HoradusReleaseSpec> customize) throws Exception {
        var git = GitFixture.create(Files.createDirectories(scratch.resolve("git-" + name)));
        git.commit(HoradusShapedApp.files(version), "Horadus " + version.version());
        git.annotatedTag(version.version(), "Release " + version.version() + "\n\nNotes for " + version.version() + ".");
        releases.create(name, version.version(), git.url(), app.project(), version.keyedHealthUrl(), null, spec -> {
            spec.getTarget().setComposeFiles(List.of(HoradusShapedApp.COMPOSE_FILE));
            spec.getTarget().setFiles(List.of(new ProjectFileSpec(HoradusShapedApp.ENV_FILE, "probe-env", "env")));
            spec.getRollout().setBuild(HoradusShapedApp.BUILD_SERVICES);
            spec.getRollout().setUp(HoradusShapedApp.UP_SERVICES);
            spec.getVerify().setTimeoutSeconds(60);
            spec.getVerify().setHttp(new HttpProbeSpec());
            var live = new HttpCheckSpec(version.liveUrl());
            live.setExpectStatus(List.of(200));
            live.setBodyContains("live");
            var metrics = new HttpCheckSpec(version.keyedMetricsUrl());
            metrics.setHeadersSecretRef("probe-admin-keys");
            metrics.setBodyContains("horadus_up 1");
            // The key comes from the container's own environment (.env), as a person's curl on the host would use it.
            // No -T: this busybox build's wget crashes with it (exit 139); the check's own timeout bounds the wait.
            var inside = new ExecCheckSpec("api", List.of("sh", "-c",
                    "wget -q -O - --header \"X-API-Key: $API_KEY\" http://127.0.0.1:8000/cgi-bin/health"));
            inside.setOutputContains("ok " + version.version());
            spec.getVerify().setChecks(List.of(
                    new ProbeCheckSpec("live", live, null),
                    new ProbeCheckSpec("admin-metrics", metrics, null),
                    new ProbeCheckSpec("api-inside", null, inside)));
            customize.accept(spec);
        });
    }
}

package io.horadus.it;

import io.horadus.api.HoradusRelease;
import io.horadus.api.Phase;
import io.horadus.api.ProjectFileSpec;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.RollbackState;
import io.horadus.demo.BaseImage;
import io.horadus.testing.GitFixture;
import io.horadus.testing.HoradusShapedApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Horadus compose file's shape on a real engine and compose v1 (see {@link HoradusShapedApp}):
 * .env from a Secret on api, worker, beat and migrate; db and redis on an internal network only, come
 * up through depends_on service_healthy; :latest images; a migration that waits for the database.
 * Released, upgraded, and a broken release rolled back from the operator's image snapshots, as a
 * person on call sees it.
 */
class HoradusShapedIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String DB_PASSWORD = "sentinel-shaped-db-pw-9133";
    private static final String SECRET_KEY = "sentinel-shaped-key-2718";
    private static final String APP_ENV = "production-shaped";

    @Test
    @DisplayName("a Horadus-shaped project: released with .env from a Secret, upgraded (migrated once), a broken v1.2.0 rolled back from snapshots; db and redis never recreated")
    void releaseUpgradeRollback() throws Exception {
        secret("horadus-env", Map.of("env", HoradusShapedApp.envFile(DB_PASSWORD, SECRET_KEY, APP_ENV)));
        var app = app();
        var v100 = HoradusShapedApp.Variant.ok("v1.0.0", app.port(), 1);
        var v110 = HoradusShapedApp.Variant.ok("v1.1.0", app.port(), 2);
        var v120 = HoradusShapedApp.Variant.ok("v1.2.0", app.port(), 3).withHealthBreakingAfter(8);
        var git = GitFixture.create(Files.createDirectories(scratch.resolve("git-shaped")));
        for (var v : List.of(v100, v110, v120)) {
            git.commit(HoradusShapedApp.files(v), "Horadus " + v.version());
            git.annotatedTag(v.version(), "Release " + v.version() + "\n\nNotes for " + v.version() + ".");
        }
        var project = app.project();

        // v1.0.0 onto an empty host: the migration's run brings db up (depends_on healthy), up -d api worker beat brings redis.
        releases.create("horadus", "v1.0.0", git.url(), project, v100.healthUrl(), v100.metricsUrl(), spec -> {
            spec.getTarget().setComposeFiles(List.of(HoradusShapedApp.COMPOSE_FILE));
            spec.getTarget().setFiles(List.of(new ProjectFileSpec(HoradusShapedApp.ENV_FILE, "horadus-env", "env")));
            spec.getRollout().setBuild(HoradusShapedApp.BUILD_SERVICES);
            spec.getRollout().setUp(HoradusShapedApp.UP_SERVICES);
            spec.getVerify().setFailureThreshold(2);
            spec.getVerify().setTimeoutSeconds(60);
        });
        long start = System.nanoTime();
        await().atMost(TIMEOUT).until(() -> releases.readyAt("horadus", "v1.0.0"));
        System.out.printf("HoradusShapedIT: v1.0.0 Ready after %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo(v100.healthBody(1));
        assertThat(HostProbe.get(v100.versionUrl())).as("/version shows a value of .env").isEqualTo("v1.0.0 " + APP_ENV);
        assertThat(HostProbe.running(project)).extracting(line -> line.split(" ")[0])
                .containsExactly("api", "beat", "db", "redis", "worker");
        assertThat(networksOf(project, "db")).containsExactly(project + "_internal");
        assertThat(networksOf(project, "redis")).containsExactly(project + "_internal");
        assertThat(networksOf(project, "api")).containsExactlyInAnyOrder(project + "_internal", project + "_edge");
        assertThat(HostProbe.docker("network", "inspect", "--format", "{{.Internal}}", project + "_internal").strip()).isEqualTo("true");
        assertThat(HoradusShapedApp.migrationRuns(project)).singleElement().satisfies(run -> assertThat(run).startsWith("1 "));
        var kept = releases.get("horadus").getStatus().getGoodReleases().get(0).getImages();
        assertThat(kept).extracting(i -> i.getService() + " " + i.getImage() + " " + i.getSnapshot()).containsExactlyInAnyOrder(
                "api " + v100.apiImage() + " horadus-shaped-api-" + app.port() + ":horadus-v1.0.0",
                "worker " + v100.workerImage() + " horadus-shaped-worker-" + app.port() + ":horadus-v1.0.0",
                "beat " + v100.workerImage() + " horadus-shaped-worker-" + app.port() + ":horadus-v1.0.0");
        assertThat(HostProbe.docker("images", "--format", "{{.Repository}}:{{.Tag}}", BaseImage.NAME.split(":")[0]))
                .as("db and redis run images the operator did not build: no snapshot names on them").doesNotContain("horadus-v");
        var db = containerOf(project, "db");
        var redis = containerOf(project, "redis");

        // v1.1.0: built, migrated once (schema 2), the api runs the new image; db and redis stay.
        releases.setTag("horadus", "v1.1.0");
        start = System.nanoTime();
        await().atMost(TIMEOUT).until(() -> releases.readyAt("horadus", "v1.1.0"));
        System.out.printf("HoradusShapedIT: v1.1.0 Ready after %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo(v110.healthBody(2));
        assertThat(HostProbe.get(v110.versionUrl())).isEqualTo("v1.1.0 " + APP_ENV);
        assertThat(HoradusShapedApp.migrationRuns(project)).hasSize(2).last().satisfies(run -> assertThat(run).startsWith("2 "));
        assertThat(labelOfRunning(project, "api")).isEqualTo("v1.1.0");
        assertThat(labelOfRunning(project, "worker")).isEqualTo("v1.1.0");
        assertThat(containerOf(project, "db")).as("db not recreated by the upgrade").isEqualTo(db);
        assertThat(containerOf(project, "redis")).as("redis not recreated by the upgrade").isEqualTo(redis);
        var v110ApiId = imageOf(project, "api");

        // v1.2.0 migrates to schema 3, passes its checks, then its health breaks: v1.1.0 is put back from its snapshots.
        releases.setTag("horadus", "v1.2.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("horadus", "v1.2.0"));
        assertThat(labelOfRunning(project, "api")).isEqualTo("v1.2.0");
        start = System.nanoTime();
        await().atMost(TIMEOUT).until(() -> releases.get("horadus").getStatus().getPhase() == Phase.RolledBack);
        System.out.printf("HoradusShapedIT: v1.2.0 Ready -> RolledBack after %d ms%n", (System.nanoTime() - start) / 1_000_000);

        assertThat(HostProbe.get(v110.healthUrl())).as("v1.1.0 answers again, on the schema v1.2.0 migrated to").isEqualTo(v110.healthBody(3));
        assertThat(HostProbe.get(v110.versionUrl())).isEqualTo("v1.1.0 " + APP_ENV);
        assertThat(imageOf(project, "api")).as("the kept v1.1.0 image runs again").isEqualTo(v110ApiId);
        assertThat(HostProbe.docker("image", "inspect", "--format", "{{.Id}}", v110.apiImage()).strip())
                .as(":latest names the restored image again").isEqualTo(v110ApiId);
        assertThat(containerOf(project, "db")).as("db not recreated by the rollback").isEqualTo(db);
        assertThat(containerOf(project, "redis")).as("redis not recreated by the rollback").isEqualTo(redis);
        assertThat(HoradusShapedApp.migrationRuns(project)).as("a rollback never migrates").hasSize(3);

        var status = releases.get("horadus").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getDesiredTag()).isEqualTo("v1.2.0");
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastCommand().getArgv()).contains("up", "-d", "--no-build", "api", "worker", "beat");
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(incident.getFromTag()).isEqualTo("v1.2.0");
        assertThat(incident.getToTag()).isEqualTo("v1.1.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(incident.getMigrated()).isTrue();
        assertThat(incident.getFailedChecks()).extracting(c -> c.getName()).contains("health");
        assertThat(status.getHistory()).extracting(h -> h.getTag() + " " + h.getOutcome())
                .startsWith("v1.2.0 " + ReleaseOutcome.RolledBack);
        assertThat(releases.condition("horadus", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("RolledBack");
        });
        assertThat(releases.condition("horadus", "Stalled")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(releases.condition("horadus", "Drifted").map(c -> c.getStatus()).orElse("absent"))
                .as("db and redis, outside rollout.up, are never drift").isNotEqualTo("True");

        assertNoSecretOutsideTheHost();
    }

    private void assertNoSecretOutsideTheHost() throws Exception {
        SecretLeaks.assertNowhere(cluster, operator, List.of(DB_PASSWORD, SECRET_KEY));
    }

    static String containerOf(String project, String service) {
        return HostProbe.docker("ps", "-q", "--no-trunc", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service).strip();
    }

    private static String imageOf(String project, String service) {
        return HostProbe.docker("inspect", "--format", "{{.Image}}", containerOf(project, service)).strip();
    }

    private static String labelOfRunning(String project, String service) {
        return HostProbe.docker("image", "inspect", "--format", "{{index .Config.Labels \"io.horadus.shaped.version\"}}",
                imageOf(project, service)).strip();
    }

    private static List<String> networksOf(String project, String service) {
        return HostProbe.docker("inspect", "--format", "{{range $name, $_ := .NetworkSettings.Networks}}{{$name}}\n{{end}}",
                containerOf(project, service)).lines().filter(line -> !line.isBlank()).sorted().toList();
    }
}

package io.horadus.it;

import io.horadus.api.MetricRuleSpec;
import io.horadus.api.Phase;
import io.horadus.api.RollbackState;
import io.horadus.demo.SampleApp;
import io.horadus.testing.EngineProxy;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator watching a released version on a real Docker engine and putting the last good one
 * back when its health stays failed: what a person on call sees in status and on the host.
 */
class RollbackIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    @DisplayName(":latest images: v1.1.0 breaks after Ready, the kept v1.0.0 images are put back without a build or a migration")
    void healthBreaksAfterUpgradeWithLatestImages() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withLatestImages();
        var v110 = app.ok("v1.1.0").withLatestImages().withHealthBreakingAfter(4);
        var git = repositoryWith(v100, v110);
        releases.create("breaks", "v1.0.0", git.url(), app.project(), v100, spec -> spec.getVerify().setFailureThreshold(2));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("breaks", "v1.0.0"));
        var kept = releases.get("breaks").getStatus().getGoodReleases().get(0).getImages();
        assertThat(kept).extracting(i -> i.getService() + " " + i.getImage() + " " + i.getSnapshot()).containsExactlyInAnyOrder(
                "api horadus-sample-api-" + app.port() + ":latest horadus-sample-api-" + app.port() + ":horadus-v1.0.0",
                "worker horadus-sample-worker-" + app.port() + ":latest horadus-sample-worker-" + app.port() + ":horadus-v1.0.0",
                "beat horadus-sample-worker-" + app.port() + ":latest horadus-sample-worker-" + app.port() + ":horadus-v1.0.0");
        var v100ApiId = kept.stream().filter(i -> i.getService().equals("api")).findFirst().orElseThrow().getId();

        releases.setTag("breaks", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("breaks", "v1.1.0"));
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(imageOf(app.project(), "api")).isNotEqualTo(v100ApiId);

        await().atMost(TIMEOUT).until(() -> releases.get("breaks").getStatus().getPhase() == Phase.RolledBack);

        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(imageOf(app.project(), "api")).as("the kept image runs again").isEqualTo(v100ApiId);
        assertThat(HostProbe.docker("image", "inspect", "--format", "{{.Id}}", "horadus-sample-api-" + app.port() + ":latest").strip())
                .as(":latest points at the kept image again, so a person's `up -d` or a reboot starts v1.0.0").isEqualTo(v100ApiId);
        var status = releases.get("breaks").getStatus();
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getDesiredTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getLastCommand().getArgv()).as("compose could not build").contains("up", "-d", "--no-build");
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(incident.getMigrated()).isTrue();
        assertThat(incident.getFailedChecks()).extracting(c -> c.getName() + ": " + c.getDetail()).contains("health: HTTP 404");
        assertThat(MigrationLog.runs(app.project())).as("no migration on rollback").hasSize(2);
        assertThat(releases.condition("breaks", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("RolledBack");
        });
        assertThat(releases.condition("breaks", "Stalled")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        var events = cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems();
        assertThat(events).filteredOn(e -> e.getInvolvedObject().getName().equals("breaks") && "RolledBack".equals(e.getReason()))
                .singleElement().satisfies(e -> assertThat(e.getType()).isEqualTo("Warning"));

        // A GitOps tool re-applies its manifest with another field changed (a new generation), the tag the same: not retried.
        releases.edit("breaks", spec -> spec.getVerify().setTimeoutSeconds(45));
        await().atMost(TIMEOUT).until(() -> releases.get("breaks").getMetadata().getGeneration()
                .equals(releases.get("breaks").getStatus().getObservedGeneration()));
        Thread.sleep(3_000);
        var after = releases.get("breaks").getStatus();
        assertThat(after.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(after.getHistory()).hasSameSizeAs(status.getHistory());
        assertThat(MigrationLog.runs(app.project())).hasSize(2);
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
    }

    @Test
    @DisplayName("kept images removed from the host: the rollback rebuilds v1.0.0 from its tag and never migrates")
    void prunedSnapshotsRebuild() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0").withHealthBreakingAfter(10);
        var git = repositoryWith(v100, v110);
        releases.create("pruned", "v1.0.0", git.url(), app.project(), v100, spec -> spec.getVerify().setFailureThreshold(2));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("pruned", "v1.0.0"));
        var keptIds = releases.get("pruned").getStatus().getGoodReleases().get(0).getImages().stream().map(i -> i.getId()).distinct().toList();
        releases.setTag("pruned", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("pruned", "v1.1.0"));
        // A person cleans up old images (within the 10 s v1.1.0 stays healthy): v1.0.0's names and the
        // operator's snapshot names go, and with them the images.
        var apiRepo = "horadus-sample-api-" + app.port();
        var workerRepo = "horadus-sample-worker-" + app.port();
        HostProbe.pruneImages(List.of(apiRepo + ":v1.0.0", apiRepo + ":horadus-v1.0.0", workerRepo + ":v1.0.0", workerRepo + ":horadus-v1.0.0"),
                keptIds);

        await().atMost(TIMEOUT).until(() -> releases.get("pruned").getStatus().getPhase() == Phase.RolledBack);

        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(releases.get("pruned").getStatus().getRollback().getRestoredFrom()).isEqualTo("Rebuild");
        assertThat(MigrationLog.runs(app.project())).hasSize(2);
    }

    @Test
    @DisplayName("a guardrail metric rule: v1.1.0 serves a budget ratio above its max, never passes, and v1.0.0 is put back")
    void guardrailRuleRollsBack() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0").withBudgetUsed(0.97);
        var git = repositoryWith(v100, v110);
        var budget = new MetricRuleSpec();
        budget.setName("budget");
        var threshold = new MetricRuleSpec.ThresholdRule();
        threshold.setMetric("horadus_budget_used_ratio");
        threshold.setMax(0.9);
        budget.setThreshold(threshold);
        releases.create("guardrail", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getVerify().getMetrics().add(budget);
            spec.getVerify().setTimeoutSeconds(3);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("guardrail", "v1.0.0"));

        releases.setTag("guardrail", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.get("guardrail").getStatus().getPhase() == Phase.RolledBack);

        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(releases.get("guardrail").getStatus().getRollback().getFailedChecks()).singleElement()
                .satisfies(c -> assertThat(c.getDetail()).contains("budget: ", "0.97", "0.9"));
    }

    @Test
    @DisplayName(":latest images: a failed migration of v1.1.0 leaves :latest naming the images v1.0.0 runs, not the rejected build")
    void failedMigrationLeavesLatestOnTheRunningImages() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withLatestImages();
        var v110 = app.ok("v1.1.0").withLatestImages().withFailingMigration();
        var git = repositoryWith(v100, v110);
        releases.create("rejected", "v1.0.0", git.url(), app.project(), v100);
        await().atMost(TIMEOUT).until(() -> releases.readyAt("rejected", "v1.0.0"));

        releases.setTag("rejected", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.stalled("rejected"));

        assertThat(releases.condition("rejected", "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("MigrationFailed"));
        var running = imageOf(app.project(), "api");
        assertThat(HostProbe.docker("image", "inspect", "--format", "{{.Id}}", "horadus-sample-api-" + app.port() + ":latest").strip())
                .as("a person's `up -d` now starts what runs, not the rejected v1.1.0 build").isEqualTo(running);
        assertThat(HostProbe.docker("image", "inspect", "--format", "{{index .Config.Labels \"io.horadus.sample.version\"}}",
                "horadus-sample-api-" + app.port() + ":latest").strip()).isEqualTo("v1.0.0");
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
    }

    @Test
    @DisplayName("drift: a worker container removed by hand is reported and started again from the release's image; nothing rolls back")
    void driftIsReconverged() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        releases.create("drift", "v1.0.0", git.url(), app.project(), v100);
        await().atMost(TIMEOUT).until(() -> releases.readyAt("drift", "v1.0.0"));
        var workerImage = imageOf(app.project(), "worker");

        HostProbe.docker("rm", "-f", HostProbe.docker("ps", "-q", "--filter", "label=com.docker.compose.project=" + app.project(),
                "--filter", "label=com.docker.compose.service=worker").strip());

        await().atMost(TIMEOUT).until(() -> releases.condition("drift", "Drifted").map(c -> "Reconverged".equals(c.getReason())).orElse(false));
        await().atMost(TIMEOUT).until(() -> workerImage.equals(imageOf(app.project(), "worker")));
        assertThat(releases.condition("drift", "Drifted")).hasValueSatisfying(c -> assertThat(c.getMessage()).isEqualTo("service worker has no container"));
        await().atMost(TIMEOUT).until(() -> releases.condition("drift", "Drifted").map(c -> "False".equals(c.getStatus())).orElse(false));
        var status = releases.get("drift").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getRollback()).isNull();
        assertThat(status.getLastCommand().getArgv()).contains("up", "-d", "--no-build");
    }

    @Test
    @DisplayName("the Docker engine unreachable while a release is watched: HostUnreachable, retried, never rolled back; Ready again when it is back")
    void engineOutageIsNotAnApplicationFailure() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0");
        var git = repositoryWith(v100, v110);
        try (var engine = new EngineProxy(LoopbackPorts.free())) {
            engine.start();
            releases.create("outage", "v1.0.0", git.url(), app.project(), v100, spec -> {
                spec.getTarget().setDockerHost(engine.dockerHost());
                spec.getVerify().setFailureThreshold(2);
            });
            await().atMost(TIMEOUT).until(() -> releases.readyAt("outage", "v1.0.0"));
            releases.setTag("outage", "v1.1.0");
            await().atMost(TIMEOUT).until(() -> releases.readyAt("outage", "v1.1.0"));

            engine.stop();
            await().atMost(TIMEOUT).until(() -> releases.condition("outage", "Ready")
                    .map(c -> "HostUnreachable".equals(c.getReason()) && "Unknown".equals(c.getStatus())).orElse(false));
            Thread.sleep(6_000); // three times failureThreshold x intervalSeconds
            var during = releases.get("outage").getStatus();
            assertThat(during.getRollback()).as("no rollback for an unreachable engine").isNull();
            assertThat(during.getCurrentTag()).isEqualTo("v1.1.0");
            assertThat(releases.condition("outage", "Reconciling")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("True");
                assertThat(c.getMessage()).contains("did not answer");
            });

            engine.start();
            await().atMost(TIMEOUT).until(() -> releases.condition("outage", "Ready").map(c -> "True".equals(c.getStatus())).orElse(false));
            assertThat(releases.get("outage").getStatus().getPhase()).isEqualTo(Phase.Ready);
            assertThat(HostProbe.get(v110.healthUrl())).isEqualTo("ok v1.1.0");
        }
    }

    @Test
    @DisplayName("the operator killed during a rollback finishes it after a restart; still no migration")
    void killedDuringRollback() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withLatestImages();
        var v110 = app.ok("v1.1.0").withLatestImages().withHealthBreakingAfter(4);
        var git = repositoryWith(v100, v110);
        releases.create("killed", "v1.0.0", git.url(), app.project(), v100, spec -> spec.getVerify().setFailureThreshold(2));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("killed", "v1.0.0"));
        releases.setTag("killed", "v1.1.0");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> releases.get("killed").getStatus().getPhase() == Phase.RollingBack);
        operator.kill();

        operator.start();
        await().atMost(TIMEOUT).until(() -> releases.get("killed").getStatus().getPhase() == Phase.RolledBack);
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(MigrationLog.runs(app.project())).hasSize(2);
        assertThat(releases.get("killed").getStatus().getRollback().getState()).isEqualTo(RollbackState.RolledBack);
    }

    private static String imageOf(String project, String service) {
        return HostProbe.docker("ps", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service, "--format", "{{.ID}}").lines()
                .map(id -> HostProbe.docker("inspect", "--format", "{{.Image}}", id).strip()).findFirst().orElse("");
    }
}

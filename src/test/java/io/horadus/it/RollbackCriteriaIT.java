package io.horadus.it;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.horadus.api.CheckResult;
import io.horadus.api.Condition;
import io.horadus.api.GoodRelease;
import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.MetricRuleSpec;
import io.horadus.api.Phase;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.RollbackState;
import io.horadus.demo.SampleApp;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runbook's rollback criteria on a real Docker engine, each made to happen inside the running
 * app: an error-rate spike and a processing stall judged by metric rules, health that flaps but
 * recovers below the threshold, a failure after the release was promoted to the last good one, and
 * a rollback whose restored version cannot serve (it refuses the schema the failed release migrated to).
 */
class RollbackCriteriaIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    @DisplayName("error-rate spike: v1.1.0's 5xx grow as fast as its 200s, the ratio rule fails and v1.0.0 is put back")
    void errorRateSpikeRollsBack() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withLiveCounters();
        var v110 = app.ok("v1.1.0").withErrorSpikeAfter(10);
        var git = repositoryWith(v100, v110);
        var errorRate = new MetricRuleSpec();
        errorRate.setName("error-rate");
        var ratio = new MetricRuleSpec.RatioRule();
        ratio.setNumerator("http_requests_total{code=~\"5..\"}");
        ratio.setDenominator("http_requests_total");
        ratio.setMax(0.05);
        ratio.setMinDenominatorIncrease(5.0);
        errorRate.setRatio(ratio);
        releases.create("spike", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getVerify().getMetrics().add(errorRate);
            // Rounds 2 s apart always span a tick of the app's counters (once a second): every round judges traffic.
            spec.getVerify().setIntervalSeconds(2);
            spec.getVerify().setFailureThreshold(2);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("spike", "v1.0.0"));
        var v100ApiId = keptImageId("spike", "v1.0.0", "api");

        releases.setTag("spike", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("spike", "v1.1.0"));
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo("ok v1.1.0");

        await().atMost(TIMEOUT).until(() -> releases.get("spike").getStatus().getPhase() == Phase.RolledBack);

        var status = releases.get("spike").getStatus();
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getToTag()).isEqualTo("v1.0.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(incident.getFailedChecks()).as("only the rule failed: health and the page were fine")
                .extracting(CheckResult::getName).containsExactly("error-rate");
        assertThat(incident.getFailedChecks().get(0).getDetail())
                .matches("ratio (0\\.\\d+) > max 0\\.05 \\(\\d+ of \\d+ in the last [\\d.]+s\\)");
        assertThat(ratioOf(incident.getFailedChecks().get(0).getDetail())).as("5xx among all requests since the previous scrape")
                .isGreaterThan(0.05).isLessThanOrEqualTo(0.5);
        assertRolledBackTo("spike", status, "v1.0.0");
        assertThat(releases.condition("spike", "Healthy")).as("v1.0.0 passes the rule again")
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));

        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(imageOf(app.project(), "api")).as("the kept v1.0.0 image runs again").isEqualTo(v100ApiId);
        assertThat(HostProbe.get(v100.metricsUrl())).as("v1.0.0 serves no errors").contains("http_requests_total{code=\"500\"} 0\n");
        assertThat(MigrationLog.runs(app.project())).as("no migration on rollback").hasSize(2);
    }

    @Test
    @DisplayName("processing stall: v1.1.0's items counter stops, the progress rule fails and v1.0.0 is put back, processing again")
    void processingStallRollsBack() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withLiveCounters();
        var v110 = app.ok("v1.1.0").withProcessingStoppingAfter(10);
        var git = repositoryWith(v100, v110);
        var processing = new MetricRuleSpec();
        processing.setName("processing");
        var progress = new MetricRuleSpec.ProgressRule();
        progress.setMetric("horadus_items_processed_total");
        // The counter rises every second while the app processes: 4 s without a rise is a stall, not a slow tick.
        progress.setWithinSeconds(4);
        processing.setProgress(progress);
        releases.create("stall", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getVerify().getMetrics().add(processing);
            spec.getVerify().setFailureThreshold(2);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("stall", "v1.0.0"));
        var v100ApiId = keptImageId("stall", "v1.0.0", "api");

        releases.setTag("stall", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("stall", "v1.1.0"));

        await().atMost(TIMEOUT).until(() -> releases.get("stall").getStatus().getPhase() == Phase.RolledBack);

        var status = releases.get("stall").getStatus();
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getToTag()).isEqualTo("v1.0.0");
        assertThat(incident.getFailedChecks()).extracting(CheckResult::getName).containsExactly("processing");
        assertThat(incident.getFailedChecks().get(0).getDetail())
                .matches("horadus_items_processed_total did not increase in 4s \\(stays \\d+ for [\\d.]+s\\)");
        assertRolledBackTo("stall", status, "v1.0.0");

        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(imageOf(app.project(), "api")).isEqualTo(v100ApiId);
        var processed = itemsProcessed(v100);
        await("v1.0.0 processes again").atMost(TIMEOUT).until(() -> itemsProcessed(v100) > processed);
        assertThat(releases.condition("stall", "Healthy")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    }

    @Test
    @DisplayName("flapping health: v1.1.0's /health goes for ~2 s every 10 s; failed rounds are recorded and forgiven, never rolled back")
    void flappingBelowThresholdIsForgiven() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        // Gone for about 2 s (the app ticks once a second) with rounds at least 2 s apart: at most 2 failed rounds
        // in a row, even with ticks slipping on a loaded machine, against a threshold of 5.
        var v110 = app.ok("v1.1.0").withHealthFlapping(10, 2, 8);
        var git = repositoryWith(v100, v110);
        releases.create("flap", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getVerify().setIntervalSeconds(2);
            spec.getVerify().setFailureThreshold(5);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("flap", "v1.0.0"));
        releases.setTag("flap", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("flap", "v1.1.0"));

        // A failed round: Healthy says so (until the next round), Ready stays True.
        var failing = await().atMost(TIMEOUT).until(() -> releases.get("flap").getStatus(),
                s -> conditionOf(s, "Healthy").map(c -> "False".equals(c.getStatus())).orElse(false));
        assertThat(conditionOf(failing, "Healthy")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("CheckFailing");
            assertThat(c.getMessage()).matches("[1-4] of 5 failed rounds before a rollback: .*health: HTTP 404.*");
        });
        assertThat(conditionOf(failing, "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(failing.getPhase()).isEqualTo(Phase.Ready);
        assertThat(failing.getWatch().getTag()).isEqualTo("v1.1.0");
        assertThat(failing.getWatch().getConsecutiveFailures()).isBetween(1, 4);
        assertThat(failing.getWatch().getFailedChecks()).extracting(CheckResult::getName).contains("health");

        // Several flaps later, in a round that passed: recovered, every failed round counted, nothing rolled back.
        var recovered = await().atMost(TIMEOUT).until(() -> releases.get("flap").getStatus(),
                s -> s.getWatch() != null && s.getWatch().getFailedRounds() >= 3
                        && conditionOf(s, "Healthy").map(c -> "True".equals(c.getStatus())).orElse(false));
        assertThat(recovered.getPhase()).isEqualTo(Phase.Ready);
        assertThat(recovered.getRollback()).isNull();
        assertThat(recovered.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(recovered.getLastGoodTag()).isEqualTo("v1.1.0");
        assertThat(recovered.getWatch().getTag()).isEqualTo("v1.1.0");
        assertThat(recovered.getWatch().getConsecutiveFailures()).isZero();
        assertThat(recovered.getWatch().getFailedChecks()).isEmpty();
        assertThat(conditionOf(recovered, "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Released");
        });
        assertThat(conditionOf(recovered, "Healthy")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("Verified"));
        assertThat(recovered.getHistory()).extracting(HistoryEntry::getOutcome).doesNotContain(ReleaseOutcome.RolledBack);
        assertThat(events("flap")).doesNotContain("RollingBack", "RolledBack");
        assertThat(HostProbe.get("http://127.0.0.1:" + app.port() + "/version")).isEqualTo("v1.1.0");
    }

    @Test
    @DisplayName("a failure long after Ready: v1.1.0 passed its watch window and is the last good tag, then its health breaks; v1.0.0 is put back")
    void failureAfterPromotionRollsBack() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0");
        var git = repositoryWith(v100, v110);
        releases.create("late", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getVerify().setWatchSeconds(2);
            spec.getVerify().setFailureThreshold(2);
        });
        await().atMost(TIMEOUT).until(() -> "v1.0.0".equals(releases.get("late").getStatus().getLastGoodTag()));
        var v100ApiId = keptImageId("late", "v1.0.0", "api");
        releases.setTag("late", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("late", "v1.1.0"));

        await().atMost(TIMEOUT).until(() -> "v1.1.0".equals(releases.get("late").getStatus().getLastGoodTag()));
        var promoted = releases.get("late").getStatus();
        assertThat(promoted.getGoodReleases()).extracting(GoodRelease::getTag).containsExactly("v1.1.0", "v1.0.0");
        assertThat(events("late")).contains("Promoted");
        var apiRepo = "horadus-sample-api-" + app.port();
        assertThat(imageExists(apiRepo + ":horadus-v1.1.0")).as("v1.1.0's images are kept as a good release's").isTrue();
        var promotedAt = Instant.parse(promoted.getGoodReleases().get(0).getPromotedAt());

        // Long after its rollout the app loses its health page (as a broken volume or config reload would do).
        HostProbe.docker("exec", HostProbe.containerOf(app.project(), "api"), "rm", "-f", "/www/health");

        await().atMost(TIMEOUT).until(() -> releases.get("late").getStatus().getPhase() == Phase.RolledBack);

        var status = releases.get("late").getStatus();
        var incident = status.getRollback();
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getToTag()).isEqualTo("v1.0.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(incident.getFailedChecks()).extracting(c -> c.getName() + ": " + c.getDetail()).contains("health: HTTP 404");
        assertThat(Instant.parse(incident.getDetectedAt())).isAfter(promotedAt);
        assertRolledBackTo("late", status, "v1.0.0");
        assertThat(status.getGoodReleases()).as("a release whose checks stay failed is no longer good")
                .extracting(GoodRelease::getTag).containsExactly("v1.0.0");
        assertThat(imageExists(apiRepo + ":horadus-v1.1.0")).as("v1.1.0's snapshot name is gone").isFalse();
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(imageOf(app.project(), "api")).isEqualTo(v100ApiId);
    }

    @Test
    @DisplayName("a failing rollback: v1.0.0 put back refuses the schema v1.1.0 migrated to; Stalled with RollbackFailed and nothing more runs")
    void failingRollbackStallsWithoutLooping() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withSchema(1);
        var v110 = app.ok("v1.1.0").withSchema(2);
        var git = repositoryWith(v100, v110);
        releases.create("refused", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getVerify().setFailureThreshold(2);
            spec.getVerify().setTimeoutSeconds(10);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("refused", "v1.0.0"));
        releases.setTag("refused", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("refused", "v1.1.0"));
        assertThat(MigrationLog.runs(app.project())).hasSize(2);

        HostProbe.docker("exec", HostProbe.containerOf(app.project(), "api"), "rm", "-f", "/www/health");

        await().atMost(TIMEOUT).until(() -> releases.condition("refused", "Stalled")
                .map(c -> "True".equals(c.getStatus()) && "RollbackFailed".equals(c.getReason())).orElse(false));

        var status = releases.get("refused").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.Failed);
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getToTag()).isEqualTo("v1.0.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(incident.getMigrated()).isTrue();
        assertThat(incident.getFailedChecks()).extracting(c -> c.getName() + ": " + c.getDetail()).contains("health: HTTP 404");
        assertThat(incident.getMessage()).matches("v1\\.0\\.0 put back but its checks fail after \\d+s: .*health: HTTP 404.*");
        assertThat(incident.getFinishedAt()).isNotNull();
        assertThat(status.getCurrentTag()).as("what the host runs").isEqualTo("v1.0.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        for (var type : List.of("Ready", "RolledBack")) {
            assertThat(conditionOf(status, type)).as(type).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getReason()).isEqualTo("RollbackFailed");
                assertThat(c.getMessage()).isEqualTo(incident.getMessage());
            });
        }
        assertThat(conditionOf(status, "Reconciling")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(status.getHistory()).as("newest first").first().satisfies(h -> {
            assertThat(h.getTag()).isEqualTo("v1.1.0");
            assertThat(h.getOutcome()).isEqualTo(ReleaseOutcome.Failed);
            assertThat(h.getReason()).isEqualTo("RollbackFailed");
        });
        assertThat(status.getLastCommand().getArgv()).contains("up", "-d", "--no-build");
        assertThat(status.getLastCommand().getExitCode()).as("the restore ran; v1.0.0 does not serve").isZero();
        // On the host: v1.0.0 runs and refuses the newer schema.
        var version = "http://127.0.0.1:" + app.port() + "/version";
        assertThat(HostProbe.get(version)).isEqualTo("v1.0.0");
        assertThat(HostProbe.get(v100.healthUrl())).isNull();
        var api = HostProbe.containerOf(app.project(), "api");
        assertThat(HostProbe.docker("logs", api)).contains("the database has schema 2, this version needs 1");

        // No loop: over many intervals, and after a re-applied manifest, nothing more is tried.
        var containers = HostProbe.docker("ps", "-a", "--filter", "label=com.docker.compose.project=" + app.project(),
                "--format", "{{.ID}} {{.CreatedAt}}").lines().sorted().toList();
        Thread.sleep(8_000); // eight intervals
        releases.edit("refused", spec -> spec.getVerify().setTimeoutSeconds(11));
        await().atMost(TIMEOUT).until(() -> releases.get("refused").getMetadata().getGeneration()
                .equals(releases.get("refused").getStatus().getObservedGeneration()));
        Thread.sleep(3_000);
        var after = releases.get("refused").getStatus();
        assertThat(after.getPhase()).isEqualTo(Phase.Failed);
        assertThat(Serialization.asJson(after.getRollback())).as("the incident, untouched").isEqualTo(Serialization.asJson(incident));
        assertThat(Serialization.asJson(after.getLastCommand())).as("no command since").isEqualTo(Serialization.asJson(status.getLastCommand()));
        assertThat(after.getHistory()).hasSameSizeAs(status.getHistory());
        assertThat(after.getRelease().getTag()).isEqualTo("v1.1.0");
        assertThat(after.getRelease().getAttempt()).isEqualTo(status.getRelease().getAttempt());
        assertThat(conditionOf(after, "Stalled")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("RollbackFailed"));
        assertThat(HostProbe.docker("ps", "-a", "--filter", "label=com.docker.compose.project=" + app.project(),
                "--format", "{{.ID}} {{.CreatedAt}}").lines().sorted().toList())
                .as("no container created or replaced since").isEqualTo(containers);
        assertThat(MigrationLog.runs(app.project())).as("never migrated back or again").hasSize(2);
        assertThat(events("refused").stream().filter("RollbackFailed"::equals)).hasSize(1);
        assertThat(events("refused").stream().filter("RollingBack"::equals)).hasSize(1);
        assertThat(HostProbe.get(version)).isEqualTo("v1.0.0");
    }

    /** What every completed rollback shows: phase, conditions, tags, history. */
    private void assertRolledBackTo(String name, HoradusReleaseStatus status, String tag) {
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getCurrentTag()).isEqualTo(tag);
        assertThat(status.getLastGoodTag()).isEqualTo(tag);
        assertThat(status.getDesiredTag()).isEqualTo("v1.1.0");
        assertThat(status.getRollback().getFinishedAt()).isNotNull();
        assertThat(conditionOf(status, "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("RolledBack");
        });
        assertThat(conditionOf(status, "Stalled")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("RolledBack");
            assertThat(c.getMessage()).startsWith("v1.1.0 rolled back to " + tag + " after its checks stayed failed: ");
        });
        assertThat(conditionOf(status, "RolledBack")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(status.getWatch().getTag()).as("the restored version is watched").isEqualTo(tag);
        assertThat(status.getHistory()).as("newest first").first().satisfies(h -> {
            assertThat(h.getTag()).isEqualTo("v1.1.0");
            assertThat(h.getOutcome()).isEqualTo(ReleaseOutcome.RolledBack);
        });
        // Events are written off the reconcile thread: the one saying so may follow the status by a moment.
        await().atMost(Duration.ofSeconds(30)).until(() -> events(name).contains("RolledBack"));
        assertThat(events(name).stream().filter("RolledBack"::equals)).hasSize(1);
    }

    private String keptImageId(String name, String tag, String service) {
        return releases.get(name).getStatus().getGoodReleases().stream().filter(g -> g.getTag().equals(tag)).findFirst().orElseThrow()
                .getImages().stream().filter(i -> i.getService().equals(service)).findFirst().orElseThrow().getId();
    }

    /** The reasons of the Events of a release, oldest first as the API server lists them. */
    private List<String> events(String name) {
        return cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(name)).map(e -> e.getReason()).toList();
    }

    @Test
    @DisplayName("a declared down-migration runs once from the failed release's image: the restored version serves on its own schema again")
    void downMigrationLetsTheRestoredVersionServe() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0").withSchema(1);
        var v110 = app.ok("v1.1.0").withSchema(2);
        var git = repositoryWith(v100, v110);
        releases.create("downgraded", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getVerify().setFailureThreshold(2);
            spec.getRollback().getDownMigration().setEnabled(true);
            spec.getRollback().getDownMigration().setCommand(List.of("sh", "-c", "echo 1 > /data/schema"));
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("downgraded", "v1.0.0"));
        releases.setTag("downgraded", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("downgraded", "v1.1.0"));

        HostProbe.docker("exec", HostProbe.containerOf(app.project(), "api"), "rm", "-f", "/www/health");

        await().atMost(TIMEOUT).until(() -> releases.get("downgraded").getStatus().getPhase() == Phase.RolledBack);
        var incident = releases.get("downgraded").getStatus().getRollback();
        assertThat(incident.getMigrated()).isTrue();
        assertThat(incident.getDownMigrationRun()).startsWith(app.project() + "-down-v1.1.0-");
        assertThat(incident.getDownMigrationExitCode()).isZero();
        assertThat(HostProbe.get(v100.healthUrl())).as("v1.0.0 serves: the schema is its own again").isEqualTo(v100.healthBody());
        assertThat(HostProbe.docker("ps", "-a", "--filter", "name=" + incident.getDownMigrationRun(), "--format", "{{.Names}}").strip())
                .as("the run's container is removed once its exit code is recorded").isEmpty();
        assertThat(MigrationLog.runs(app.project())).as("no up-migration ran again").hasSize(2);
        assertThat(cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals("downgraded") && "RolledBack".equals(e.getReason())))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("its down-migration ran"));
    }

    private static Optional<Condition> conditionOf(HoradusReleaseStatus status, String type) {
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static double ratioOf(String detail) {
        var matcher = Pattern.compile("ratio (\\S+) >").matcher(detail);
        assertThat(matcher.find()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static long itemsProcessed(SampleApp.Variant app) {
        var page = HostProbe.get(app.metricsUrl());
        if (page == null) {
            return -1;
        }
        return page.lines().filter(l -> l.startsWith("horadus_items_processed_total ")).mapToLong(l -> Long.parseLong(l.split(" ")[1]))
                .findFirst().orElse(-1);
    }

    private static boolean imageExists(String name) {
        return io.horadus.testing.Commands.run(List.of("docker", "image", "inspect", name)).succeeded();
    }


    private static String imageOf(String project, String service) {
        return HostProbe.docker("inspect", "--format", "{{.Image}}", HostProbe.containerOf(project, service)).strip();
    }
}

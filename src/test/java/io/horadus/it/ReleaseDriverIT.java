package io.horadus.it;

import io.horadus.testing.MigrationLog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.RollbackState;
import io.horadus.api.SourceSpec;
import io.horadus.api.TargetSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.ReleaseEvent;
import io.horadus.testing.DrivenRelease;
import io.horadus.demo.SampleApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The release engine driven through {@link io.horadus.release.driver.ReleaseDriver} alone (status,
 * secrets and approvals in memory, a loop of its own in place of JOSDK; no Kubernetes client, no
 * Quarkus: see {@link DrivenRelease}) must tell a person the same story as the packaged operator on the
 * mock API for the same scenario, on the same real Docker engine, compose and git: v1.0.0 released and
 * promoted, v1.1.0 released and its health breaking a few seconds later, the watch counting the failed
 * rounds, and v1.0.0 put back. Each run has its own git repository, compose project and API port.
 *
 * <p>Only what a person reads is compared: phase, conditions by type, status and reason (messages carry
 * times and durations), history by tag, outcome and reason, the current and last good tags, and the
 * events; never how many passes or writes it took.
 */
class ReleaseDriverIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    /** Five check intervals without a new status: the watch of the restored version has nothing left to record. */
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final int FAILURE_THRESHOLD = 2;
    /** Short, so v1.0.0 is promoted by a watch round within the test (or at Ready, when its verification took longer). */
    private static final int WATCH_SECONDS = 5;
    /** Long enough for v1.1.0 to be verified, Ready and promoted before it breaks, on a busy machine. */
    private static final int BREAKS_AFTER_SECONDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One interval a round, a short watch window so v1.0.0 is promoted within the test, two failed rounds to roll back. */
    private static final Consumer<HoradusReleaseSpec> SCENARIO = spec -> {
        spec.getVerify().setIntervalSeconds(1);
        spec.getVerify().setWatchSeconds(WATCH_SECONDS);
        spec.getVerify().setFailureThreshold(FAILURE_THRESHOLD);
    };

    /** What a person sees of one run. */
    private record Run(String who, HoradusReleaseSpec spec, List<HoradusReleaseStatus> trail, HoradusReleaseStatus last,
                       String healthAfterRollback, List<String> migrationRuns, List<String> eventReasons) {
    }

    /**
     * A status as a person reads it at a glance: phase, what runs, and each condition as type=status/reason.
     * The last good tag is compared on its own ({@link #promotions}): when a release is promoted (at Ready,
     * or by a later round) depends on how long its verification took against verify.watchSeconds.
     */
    private record Shape(Phase phase, String currentTag, List<String> conditions) {
        static Shape of(HoradusReleaseStatus status) {
            return new Shape(status.getPhase(), status.getCurrentTag(), ReleaseDriverIT.conditions(status));
        }

        @Override
        public String toString() {
            return phase + " current=" + currentTag + " " + conditions;
        }
    }

    @Test
    @DisplayName("upgrade breaks after Ready, rolled back: ReleaseDriver with in-memory stores records what the operator records")
    void driverTellsTheOperatorsStory() throws Exception {
        var driven = throughTheDriver();
        var operated = throughTheOperator();

        var drivenShapes = collapsed(driven.trail());
        var operatedShapes = collapsed(operated.trail());
        System.out.println("ReleaseDriver's statuses:\n  " + String.join("\n  ", drivenShapes.stream().map(Shape::toString).toList())
                + "\n  last good: " + promotions(driven.trail()));
        System.out.println("operator's statuses:\n  " + String.join("\n  ", operatedShapes.stream().map(Shape::toString).toList())
                + "\n  last good: " + promotions(operated.trail()));
        System.out.println("ReleaseDriver's events: " + driven.eventReasons() + "\noperator's events: " + operated.eventReasons());

        for (var run : List.of(driven, operated)) {
            assertRolledBack(run);
        }
        assertThat(withoutPlaces(driven.spec())).as("both runs were given the same spec, but for URLs and project")
                .isEqualTo(withoutPlaces(operated.spec()));

        assertThat(driven.last().getPhase()).isEqualTo(operated.last().getPhase());
        assertThat(conditions(driven.last())).as("final conditions").isEqualTo(conditions(operated.last()));
        assertThat(history(driven.last())).as("history").isEqualTo(history(operated.last()));
        assertThat(tags(driven.last())).as("desired, current, last good tags").isEqualTo(tags(operated.last()));
        assertThat(drivenShapes).as("every status written, in order (repeats collapsed)").isEqualTo(operatedShapes);
        assertThat(promotions(driven.trail())).as("last good tags, in order").isEqualTo(promotions(operated.trail()));
        assertThat(driven.eventReasons()).as("events").isEqualTo(operated.eventReasons());
    }

    private Run throughTheDriver() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0").withHealthBreakingAfter(BREAKS_AFTER_SECONDS);
        var git = repositoryWith(v100, v110);
        var spec = spec("v1.0.0", git.url(), app.project(), v100);
        try {
            List<HoradusReleaseStatus> trail;
            List<ReleaseEvent> events;
            String health;
            try (var driven = new DrivenRelease(Releases.NAMESPACE + "/driven", scratch.resolve("driver-work"), spec).start()) {
                await().atMost(TIMEOUT).until(() -> releasedAndPromoted(driven.status(), driven.revision(), "v1.0.0"));
                assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");

                driven.edit(s -> s.setTag("v1.1.0"));
                await().atMost(TIMEOUT).until(() -> rolledBack(driven.status()));
                quiet(driven::lastSaved);
                health = HostProbe.get(v100.healthUrl());
                trail = driven.saved();
                events = driven.events();
                System.out.println("ReleaseDriver: " + driven.passes() + " passes, retried after an error: " + driven.failedPasses());
            }
            return new Run("ReleaseDriver", spec, trail, trail.get(trail.size() - 1), health, MigrationLog.runs(app.project()),
                    events.stream().map(ReleaseEvent::reason).sorted().toList());
        } finally {
            // Nothing of this run stays on the host while the operator's run goes on.
            HostProbe.cleanUp(app.project(), app.port());
        }
    }

    private Run throughTheOperator() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0").withHealthBreakingAfter(BREAKS_AFTER_SECONDS);
        var git = repositoryWith(v100, v110);
        var name = "operated";
        try (var trail = new StatusTrail(cluster.client(), name)) {
            releases.create(name, "v1.0.0", git.url(), app.project(), v100, SCENARIO);
            await().atMost(TIMEOUT).until(() -> releasedAndPromoted(releases.get(name).getStatus(),
                    releases.get(name).getMetadata().getGeneration(), "v1.0.0"));
            assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");

            releases.setTag(name, "v1.1.0");
            await().atMost(TIMEOUT).until(() -> rolledBack(releases.get(name).getStatus()));
            quiet(trail::lastChanged);
            var health = HostProbe.get(v100.healthUrl());
            var given = releases.get(name).getSpec();
            given.setTag("v1.0.0");
            var statuses = trail.statuses();
            // The operator's Events are written off its reconcile thread: give the last ones time to arrive.
            await().atMost(Duration.ofSeconds(30)).until(() -> trail.eventReasons().contains("RolledBack"));
            return new Run("operator", given, statuses, releases.get(name).getStatus(), health, MigrationLog.runs(app.project()),
                    trail.eventReasons());
        }
    }

    /** What each run must show on its own, before the two are compared. */
    private static void assertRolledBack(Run run) {
        var last = run.last();
        var who = run.who() + ": ";
        assertThat(run.healthAfterRollback()).as(who + "v1.0.0 answers again").isEqualTo("ok v1.0.0");
        assertThat(run.migrationRuns()).as(who + "no migration on rollback").hasSize(2);
        assertThat(last.getPhase()).as(who + "phase").isEqualTo(Phase.RolledBack);
        assertThat(tags(last)).as(who + "desired, current, last good").containsExactly("v1.1.0", "v1.0.0", "v1.0.0");
        assertThat(last.getRollback().getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(last.getRollback().getFromTag()).isEqualTo("v1.1.0");
        assertThat(last.getRollback().getToTag()).isEqualTo("v1.0.0");
        assertThat(last.getRollback().getFailedChecks()).extracting(c -> c.getName() + ": " + c.getDetail()).as(who + "why")
                .contains("health: HTTP 404");
        assertThat(conditions(last)).as(who + "conditions").contains("Ready=False/RolledBack", "Stalled=True/RolledBack",
                "RolledBack=True/RolledBack", "Healthy=True/Verified");
        assertThat(run.trail()).as(who + "v1.0.0 was promoted before the upgrade")
                .anySatisfy(s -> assertThat(tags(s)).containsExactly("v1.0.0", "v1.0.0", "v1.0.0"));
        assertThat(run.trail()).as(who + "v1.1.0 was released and Ready before it broke").anySatisfy(s -> {
            assertThat(s.getPhase()).isEqualTo(Phase.Ready);
            assertThat(s.getCurrentTag()).isEqualTo("v1.1.0");
        });
        assertThat(run.trail()).as(who + "the watch counted a failed round of v1.1.0 before rolling back").anySatisfy(s -> {
            assertThat(s.getCurrentTag()).isEqualTo("v1.1.0");
            assertThat(s.getPhase()).isEqualTo(Phase.Ready);
            assertThat(conditions(s)).contains("Healthy=False/CheckFailing");
        });
        assertThat(run.trail()).as(who + "the watch reached the failure threshold").anySatisfy(s -> {
            assertThat(s.getWatch()).isNotNull();
            assertThat(s.getWatch().getTag()).isEqualTo("v1.1.0");
            assertThat(s.getWatch().getConsecutiveFailures()).isEqualTo(FAILURE_THRESHOLD);
            assertThat(s.getPhase()).isEqualTo(Phase.RollingBack);
        });
        assertThat(history(last)).as(who + "history").startsWith("v1.1.0 RolledBack RolledBack").contains("v1.0.0 Succeeded Released");
        assertThat(run.eventReasons()).as(who + "events").contains("RollingBack", "RolledBack", "Promoted");
    }

    /** The spec of Releases.create, for a release the operator never sees. */
    private static HoradusReleaseSpec spec(String tag, String url, String project, SampleApp.Variant app) {
        var spec = new HoradusReleaseSpec();
        spec.setTag(tag);
        var source = new SourceSpec();
        source.setUrl(url);
        spec.setSource(source);
        var target = new TargetSpec();
        target.setProject(project);
        spec.setTarget(target);
        var verify = new VerifySpec();
        verify.setHealthUrl(app.healthUrl());
        verify.setMetricsUrl(app.metricsUrl());
        verify.setIntervalSeconds(1);
        verify.setTimeoutSeconds(30);
        verify.setWatchSeconds(0);
        spec.setVerify(verify);
        SCENARIO.accept(spec);
        return spec;
    }

    /** The spec as JSON without what differs between the runs by design (repository, project, URLs). */
    private static ObjectNode withoutPlaces(HoradusReleaseSpec spec) {
        ObjectNode json = JSON.valueToTree(spec);
        ((ObjectNode) json.get("source")).remove("url");
        ((ObjectNode) json.get("target")).remove("project");
        ((ObjectNode) json.get("verify")).remove(List.of("healthUrl", "metricsUrl"));
        return json;
    }

    private static boolean releasedAndPromoted(HoradusReleaseStatus status, Long revision, String tag) {
        return status != null && status.getPhase() == Phase.Ready && Objects.equals(status.getObservedGeneration(), revision)
                && tags(status).equals(List.of(tag, tag, tag))
                && conditions(status).contains("Ready=True/Released");
    }

    private static boolean rolledBack(HoradusReleaseStatus status) {
        return status != null && status.getPhase() == Phase.RolledBack && status.getRollback() != null
                && status.getRollback().getState() == RollbackState.RolledBack;
    }

    /** Waits until the status has not changed for a while: the two runs are compared where each came to rest. */
    private static void quiet(Supplier<Instant> lastChanged) {
        await().atMost(TIMEOUT).until(() -> Duration.between(lastChanged.get(), Instant.now()).compareTo(QUIET) >= 0);
    }

    private static List<String> tags(HoradusReleaseStatus status) {
        var tags = new ArrayList<String>();
        tags.add(status.getDesiredTag());
        tags.add(status.getCurrentTag());
        tags.add(status.getLastGoodTag());
        return tags;
    }

    private static List<String> conditions(HoradusReleaseStatus status) {
        return status.getConditions().stream().map(ReleaseDriverIT::brief).sorted().toList();
    }

    private static String brief(Condition c) {
        return c.getType() + "=" + c.getStatus() + "/" + c.getReason();
    }

    private static List<String> history(HoradusReleaseStatus status) {
        return status.getHistory().stream().map(h -> h.getTag() + " " + h.getOutcome() + " " + h.getReason()).toList();
    }

    /**
     * The statuses' shapes in order, a shape repeated by the next status kept once. A status written while
     * the Verify step waits for checks that do not pass yet (the api's healthcheck still starting) is left
     * out: whether the first check comes before the api is healthy is a race with the host in either run.
     */
    private static List<Shape> collapsed(List<HoradusReleaseStatus> trail) {
        var shapes = new ArrayList<Shape>();
        for (var status : trail) {
            if (status.getPhase() == Phase.Verifying && conditions(status).contains("Healthy=Unknown/Verifying")) {
                continue;
            }
            var shape = Shape.of(status);
            if (shapes.isEmpty() || !shapes.get(shapes.size() - 1).equals(shape)) {
                shapes.add(shape);
            }
        }
        return shapes;
    }

    /** The last good tag through the run, each change once. */
    private static List<String> promotions(List<HoradusReleaseStatus> trail) {
        var tags = new ArrayList<String>();
        for (var status : trail) {
            if (tags.isEmpty() || !Objects.equals(tags.get(tags.size() - 1), status.getLastGoodTag())) {
                tags.add(status.getLastGoodTag());
            }
        }
        return tags;
    }
}

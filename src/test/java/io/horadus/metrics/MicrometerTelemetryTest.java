package io.horadus.metrics;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Step;
import io.horadus.api.WatchStatus;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.driver.Transition;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a Prometheus scrape of the shared adapter shows after the driver reported passes, transitions and rounds. */
class MicrometerTelemetryTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerTelemetry telemetry = new MicrometerTelemetry(registry, HostsInUse.NONE);

    @Test
    @DisplayName("the info series follows a release's tags and phase: one series at a time, the old one gone when a label changes")
    void infoSeriesFollowsTheRelease() {
        telemetry.status("team-a/shop", status("v1.1.0", "v1.0.0", "v1.0.0", Phase.Building));
        assertThat(lines("horadus_release_info{")).containsExactly(
                "horadus_release_info{current_tag=\"v1.0.0\",desired_tag=\"v1.1.0\",last_good_tag=\"v1.0.0\",name=\"shop\",namespace=\"team-a\",phase=\"Building\",} 1.0");

        telemetry.status("team-a/shop", status("v1.1.0", "v1.1.0", "v1.0.0", Phase.Verifying));
        telemetry.status("team-a/shop", status("v1.1.0", "v1.1.0", "v1.0.0", Phase.Verifying));

        assertThat(lines("horadus_release_info{")).containsExactly(
                "horadus_release_info{current_tag=\"v1.1.0\",desired_tag=\"v1.1.0\",last_good_tag=\"v1.0.0\",name=\"shop\",namespace=\"team-a\",phase=\"Verifying\",} 1.0");
    }

    @Test
    @DisplayName("a release not released yet: absent tags are empty labels")
    void absentTags() {
        telemetry.status("team-a/new", status("v1.0.0", null, null, Phase.Resolving));

        assertThat(lines("horadus_release_info{")).containsExactly(
                "horadus_release_info{current_tag=\"\",desired_tag=\"v1.0.0\",last_good_tag=\"\",name=\"new\",namespace=\"team-a\",phase=\"Resolving\",} 1.0");
    }

    @Test
    @DisplayName("a deleted release leaves no series of its own; the others stay: 100 releases created and deleted leave nothing")
    void deletedReleaseLeavesNoSeries() {
        for (int i = 0; i < 100; i++) {
            telemetry.status("ns/app-" + i, status("v1.0.0", "v1.0.0", "v1.0.0", Phase.Ready));
        }
        telemetry.status("ns/kept", status("v2.0.0", "v2.0.0", "v1.0.0", Phase.Ready));
        assertThat(lines("horadus_release_info{")).hasSize(101);
        assertThat(lines("horadus_failed_rounds{")).hasSize(101);

        for (int i = 0; i < 100; i++) {
            telemetry.deleted("ns/app-" + i);
        }

        assertThat(lines("horadus_release_info{")).singleElement().asString().contains("name=\"kept\"");
        assertThat(lines("horadus_failed_rounds{")).containsExactly("horadus_failed_rounds{name=\"kept\",namespace=\"ns\",} 0.0");
    }

    @Test
    @DisplayName("failed rounds in a row: what status.watch says, per release")
    void failedRoundsInARow() {
        var failing = status("v1.1.0", "v1.1.0", "v1.0.0", Phase.Ready);
        failing.setWatch(new WatchStatus());
        failing.getWatch().setConsecutiveFailures(2);

        telemetry.status("ns/app", failing);

        assertThat(lines("horadus_failed_rounds{")).containsExactly("horadus_failed_rounds{name=\"app\",namespace=\"ns\",} 2.0");
    }

    @Test
    @DisplayName("steps and gates: histograms by step or gate and result, in seconds, with buckets")
    void stepAndGateDurations() {
        telemetry.transitions("ns/app", List.of(
                new Transition.StepEnded(Step.Build, Transition.StepResult.Succeeded, Duration.ofSeconds(42)),
                new Transition.GateEnded("unit-tests", Transition.GateResult.Failed, Duration.ofSeconds(3))));
        telemetry.transitions("ns/other", List.of(
                new Transition.StepEnded(Step.Build, Transition.StepResult.Succeeded, Duration.ofSeconds(20))));

        assertThat(lines("horadus_step_duration_seconds_count{")).containsExactly(
                "horadus_step_duration_seconds_count{result=\"Succeeded\",step=\"Build\",} 2.0");
        assertThat(lines("horadus_step_duration_seconds_sum{")).containsExactly(
                "horadus_step_duration_seconds_sum{result=\"Succeeded\",step=\"Build\",} 62.0");
        assertThat(lines("horadus_step_duration_seconds_bucket{")).contains(
                "horadus_step_duration_seconds_bucket{result=\"Succeeded\",step=\"Build\",le=\"30.0\",} 1.0",
                "horadus_step_duration_seconds_bucket{result=\"Succeeded\",step=\"Build\",le=\"60.0\",} 2.0",
                "horadus_step_duration_seconds_bucket{result=\"Succeeded\",step=\"Build\",le=\"+Inf\",} 2.0");
        assertThat(lines("horadus_gate_duration_seconds_count{")).containsExactly(
                "horadus_gate_duration_seconds_count{gate=\"unit-tests\",result=\"Failed\",} 1.0");
    }

    @Test
    @DisplayName("rollbacks by reason: every reason present from the start at 0, one counted per rollback begun")
    void rollbacksByReason() {
        assertThat(lines("horadus_rollbacks_total{")).containsExactlyInAnyOrder(
                "horadus_rollbacks_total{reason=\"HealthFailed\",} 0.0",
                "horadus_rollbacks_total{reason=\"Requested\",} 0.0",
                "horadus_rollbacks_total{reason=\"UpstreamRolledBack\",} 0.0",
                "horadus_rollbacks_total{reason=\"VerificationFailed\",} 0.0");

        telemetry.transitions("ns/app", List.of(new Transition.RollbackBegun(Transition.RollbackReason.HealthFailed)));

        assertThat(lines("horadus_rollbacks_total{reason=\"HealthFailed\"")).containsExactly("horadus_rollbacks_total{reason=\"HealthFailed\",} 1.0");
    }

    @Test
    @DisplayName("watch rounds: counted by result, failed checks by name, round duration and lateness as histograms")
    void rounds() {
        telemetry.round("ns/app", "v1.0.0", Telemetry.RoundResult.Passed, List.of(), Duration.ofMillis(30), Duration.ZERO);
        telemetry.round("ns/app", "v1.0.0", Telemetry.RoundResult.Failed, List.of("health", "errors"), Duration.ofMillis(700), Duration.ofSeconds(2));
        telemetry.round("ns/app", "v1.0.0", Telemetry.RoundResult.HostUnreachable, List.of(), Duration.ofSeconds(5), Duration.ZERO);

        assertThat(lines("horadus_check_rounds_total{")).containsExactlyInAnyOrder(
                "horadus_check_rounds_total{result=\"Passed\",} 1.0",
                "horadus_check_rounds_total{result=\"Failed\",} 1.0",
                "horadus_check_rounds_total{result=\"HostUnreachable\",} 1.0");
        assertThat(lines("horadus_check_failures_total{")).containsExactlyInAnyOrder(
                "horadus_check_failures_total{check=\"health\",} 1.0",
                "horadus_check_failures_total{check=\"errors\",} 1.0");
        assertThat(lines("horadus_round_duration_seconds_count ")).containsExactly("horadus_round_duration_seconds_count 3.0");
        assertThat(lines("horadus_round_duration_seconds_bucket{le=\"0.05\"")).containsExactly("horadus_round_duration_seconds_bucket{le=\"0.05\",} 1.0");
        assertThat(lines("horadus_round_lateness_seconds_bucket{le=\"1.0\"")).containsExactly("horadus_round_lateness_seconds_bucket{le=\"1.0\",} 2.0");
    }

    @Test
    @DisplayName("events of a pass: counted by type and reason, as before")
    void events() {
        telemetry.passed("ns/app", status("v1.0.0", "v1.0.0", null, Phase.Verifying),
                List.of(ReleaseEvent.normal(io.horadus.api.Reason.RolloutSucceeded, "up -d succeeded")), Duration.ofSeconds(1));

        assertThat(lines("horadus_release_events_total{")).containsExactly(
                "horadus_release_events_total{reason=\"RolloutSucceeded\",type=\"Normal\",} 1.0");
    }

    private List<String> lines(String prefix) {
        return registry.scrape().lines().filter(line -> line.startsWith(prefix)).toList();
    }

    private static HoradusReleaseStatus status(String desired, String current, String lastGood, Phase phase) {
        var status = new HoradusReleaseStatus();
        status.setDesiredTag(desired);
        status.setCurrentTag(current);
        status.setLastGoodTag(lastGood);
        status.setPhase(phase);
        return status;
    }
}

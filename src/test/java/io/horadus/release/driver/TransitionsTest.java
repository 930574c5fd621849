package io.horadus.release.driver;

import io.horadus.api.GateOutcome;
import io.horadus.api.GateRecord;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.RollbackRecord;
import io.horadus.api.RollbackState;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The transitions of one pass, read from status before and after it, as the engine writes status. */
class TransitionsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    @DisplayName("the watch's checks stayed failed: a rollback begun for HealthFailed, no step ended (Done is no step)")
    void watchRollback() {
        var before = status(release("v1.1.0", Step.Done, StepState.Pending, "2026-12-06T09:50:00Z"));
        var after = status(release("v1.1.0", Step.RollBack, StepState.Started, "2026-12-06T10:00:00Z"));
        after.setRollback(rollback(null, RollbackState.Restoring, "2026-12-06T10:00:00Z"));

        assertThat(between(before, after)).containsExactly(new Transition.RollbackBegun(Transition.RollbackReason.HealthFailed));
    }

    @Test
    @DisplayName("verification failed with a last good tag: Verify Failed, timed from its start, and a rollback for VerificationFailed")
    void verificationRollback() {
        var before = status(release("v1.1.0", Step.Verify, StepState.Started, "2026-12-06T09:59:00Z"));
        var after = status(release("v1.1.0", Step.RollBack, StepState.Started, "2026-12-06T10:00:00Z"));
        after.setRollback(rollback(null, RollbackState.Restoring, "2026-12-06T10:00:00Z"));

        assertThat(between(before, after)).containsExactly(
                new Transition.StepEnded(Step.Verify, Transition.StepResult.Failed, Duration.ofMinutes(1)),
                new Transition.RollbackBegun(Transition.RollbackReason.VerificationFailed));
    }

    @Test
    @DisplayName("a person's request: a rollback for Requested")
    void requestedRollback() {
        var before = status(release("v1.1.0", Step.Done, StepState.Pending, "2026-12-06T09:50:00Z"));
        var after = status(release("v1.1.0", Step.RollBack, StepState.Started, "2026-12-06T10:00:00Z"));
        after.setRollback(rollback("v1.0.0@3", RollbackState.Restoring, "2026-12-06T10:00:00Z"));

        assertThat(between(before, after)).containsExactly(new Transition.RollbackBegun(Transition.RollbackReason.Requested));
    }

    @Test
    @DisplayName("the rollback moves on (restored, verifying): nothing ended; verified: RollBack Succeeded, timed from its detection; counted once")
    void rollbackEnds() {
        var restoring = status(release("v1.1.0", Step.RollBack, StepState.Started, "2026-12-06T09:58:00Z"));
        restoring.setRollback(rollback(null, RollbackState.Restoring, "2026-12-06T09:58:00Z"));
        var verifying = status(release("v1.1.0", Step.RollBack, StepState.Started, "2026-12-06T09:58:00Z"));
        verifying.setRollback(rollback(null, RollbackState.Verifying, "2026-12-06T09:58:00Z"));
        var rolledBack = status(release("v1.1.0", Step.RollBack, StepState.Failed, "2026-12-06T09:58:00Z"));
        rolledBack.setRollback(rollback(null, RollbackState.RolledBack, "2026-12-06T09:58:00Z"));

        assertThat(between(restoring, verifying)).isEmpty();
        assertThat(between(verifying, rolledBack)).containsExactly(
                new Transition.StepEnded(Step.RollBack, Transition.StepResult.Succeeded, Duration.ofMinutes(2)));
        assertThat(between(rolledBack, rolledBack)).isEmpty();
    }

    @Test
    @DisplayName("a rollback that cannot put the last good version back: RollBack Failed")
    void rollbackFails() {
        var verifying = status(release("v1.1.0", Step.RollBack, StepState.Started, "2026-12-06T09:58:00Z"));
        verifying.setRollback(rollback(null, RollbackState.Verifying, "2026-12-06T09:58:00Z"));
        var failed = status(release("v1.1.0", Step.RollBack, StepState.Started, "2026-12-06T09:58:00Z"));
        failed.setRollback(rollback(null, RollbackState.Failed, "2026-12-06T09:58:00Z"));

        assertThat(between(verifying, failed)).containsExactly(
                new Transition.StepEnded(Step.RollBack, Transition.StepResult.Failed, Duration.ofMinutes(2)));
    }

    @Test
    @DisplayName("gates: each that ended in this pass, Passed, or Failed for a failure allowed or not; running and skipped ones are not")
    void gates() {
        var before = status(release("v1.1.0", Step.Gate, StepState.Started, "2026-12-06T09:59:00Z"));
        before.getRelease().getGates().add(gate("lint", GateOutcome.Passed, 1_000L));
        before.getRelease().getGates().add(gate("unit", GateOutcome.Running, null));
        var after = status(release("v1.1.0", Step.Gate, StepState.Started, "2026-12-06T09:59:00Z"));
        after.getRelease().getGates().add(gate("lint", GateOutcome.Passed, 1_000L));
        after.getRelease().getGates().add(gate("unit", GateOutcome.AllowedFailure, 42_000L));
        after.getRelease().getGates().add(gate("docs", GateOutcome.Skipped, null));
        after.getRelease().getGates().add(gate("scan", GateOutcome.Running, null));

        assertThat(between(before, after)).containsExactly(
                new Transition.GateEnded("unit", Transition.GateResult.Failed, Duration.ofSeconds(42)));
    }

    @Test
    @DisplayName("a new tag supersedes a step under way: the superseded step is not reported; the new release's Resolve is, from its start")
    void superseded() {
        var before = status(release("v1.1.0", Step.Build, StepState.Started, "2026-12-06T09:59:00Z"));
        var after = status(release("v1.2.0", Step.Build, StepState.Started, "2026-12-06T10:00:00Z"));
        after.getRelease().setStartedAt("2026-12-06T09:59:30Z");

        assertThat(between(before, after)).containsExactly(
                new Transition.StepEnded(Step.Resolve, Transition.StepResult.Succeeded, Duration.ofSeconds(30)));
    }

    private static List<Transition> between(HoradusReleaseStatus before, HoradusReleaseStatus after) {
        return Transitions.between(Transitions.Before.of(before), after, NOW);
    }

    private static HoradusReleaseStatus status(ReleaseProgress release) {
        var status = new HoradusReleaseStatus();
        status.setRelease(release);
        return status;
    }

    private static ReleaseProgress release(String tag, Step step, StepState state, String stepStartedAt) {
        var release = new ReleaseProgress();
        release.setTag(tag);
        release.setAttempt(1);
        release.setStartedAt("2026-12-06T09:40:00Z");
        release.setStep(step);
        release.setStepState(state);
        release.setStepStartedAt(stepStartedAt);
        return release;
    }

    private static RollbackRecord rollback(String requestToken, RollbackState state, String detectedAt) {
        var record = new RollbackRecord();
        record.setRequestToken(requestToken);
        record.setFromTag("v1.1.0");
        record.setToTag("v1.0.0");
        record.setState(state);
        record.setDetectedAt(detectedAt);
        return record;
    }

    private static GateRecord gate(String name, GateOutcome result, Long millis) {
        var gate = new GateRecord(name, result);
        gate.setDurationMillis(millis);
        return gate;
    }
}

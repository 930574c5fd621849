package io.horadus.release;

import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.Step;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only writer of status.phase and of the summary conditions, both derived from one
 * {@link Standing}, so that they never disagree. The summary follows the kstatus convention:
 * working = Reconciling=True + Ready=Unknown; done = Ready=True; terminal = Ready=False + Stalled=True.
 */
public final class StatusSummary {

    /** A step's phase, and the reason Reconciling gives on entering the step: the phase's name. */
    private record StepPhase(Phase phase, Reason entered) {
        StepPhase {
            if (!phase.name().equals(entered.name())) {
                throw new IllegalArgumentException(entered + " is not the name of phase " + phase);
            }
        }
    }

    private static final Map<Step, StepPhase> STEP_PHASE = Map.of(
            Step.Resolve, new StepPhase(Phase.Resolving, Reason.Resolving),
            Step.Upstream, new StepPhase(Phase.AwaitingUpstream, Reason.AwaitingUpstream),
            Step.Gate, new StepPhase(Phase.Gating, Reason.Gating),
            Step.Approve, new StepPhase(Phase.AwaitingApproval, Reason.AwaitingApproval),
            Step.Build, new StepPhase(Phase.Building, Reason.Building),
            Step.Migrate, new StepPhase(Phase.Migrating, Reason.Migrating),
            Step.RollOut, new StepPhase(Phase.RollingOut, Reason.RollingOut),
            Step.Verify, new StepPhase(Phase.Verifying, Reason.Verifying));

    private StatusSummary() {
    }

    /**
     * What a standing means for status: the phase (empty: left as it is) and the summary conditions, in
     * the order they are set (a new condition is appended where it is first set).
     */
    public record Summary(Optional<Phase> phase, List<Conditions.Setting> conditions) {

        /** Whether {@code status} already shows this summary. */
        public boolean heldIn(HoradusReleaseStatus status) {
            return phase.map(p -> p == status.getPhase()).orElse(true) && conditions.stream().allMatch(c -> c.heldIn(status));
        }
    }

    /** Sets the phase and the summary conditions of the status {@code conditions} writes to. */
    public static void record(Conditions conditions, Standing standing) {
        var summary = of(standing);
        summary.phase().ifPresent(conditions.status()::setPhase);
        summary.conditions().forEach(conditions::set);
    }

    /** What {@code standing} sets, without setting it. */
    public static Summary of(Standing standing) {
        if (standing instanceof Standing.Entering entering) {
            var step = STEP_PHASE.get(entering.step());
            return progressing(step.phase(), step.entered(), step.phase().name().toLowerCase() + " " + entering.tag());
        }
        if (standing instanceof Standing.Working working) {
            return progressing(STEP_PHASE.get(working.step()).phase(), working.reason(), working.message());
        }
        if (standing instanceof Standing.AwaitingPerson awaiting) {
            return new Summary(Optional.of(STEP_PHASE.get(awaiting.step()).phase()), List.of(
                    setting(ConditionType.Reconciling, ConditionStatus.True, awaiting.reason(), awaiting.message()),
                    setting(ConditionType.Ready, ConditionStatus.False, awaiting.reason(), awaiting.message()),
                    setting(ConditionType.Stalled, ConditionStatus.False, awaiting.reason(), awaiting.message())));
        }
        if (standing instanceof Standing.Released released) {
            return new Summary(Optional.of(Phase.Ready), List.of(
                    setting(ConditionType.Ready, ConditionStatus.True, Reason.Released, released.message()),
                    setting(ConditionType.Reconciling, ConditionStatus.False, Reason.Released, released.message()),
                    setting(ConditionType.Stalled, ConditionStatus.False, Reason.Released, released.message())));
        }
        if (standing instanceof Standing.RollingBack rollingBack) {
            return progressing(Phase.RollingBack, Reason.RollingBack, rollingBack.message());
        }
        if (standing instanceof Standing.RolledBack rolledBack) {
            return stalled(Phase.RolledBack, rolledBack.reason(), rolledBack.message());
        }
        if (standing instanceof Standing.Failed failed) {
            return stalled(Phase.Failed, failed.reason(), failed.message());
        }
        if (standing instanceof Standing.Suspended suspended) {
            // Ready and Stalled keep what they said: suspending changes nothing on the host.
            return new Summary(Optional.of(Phase.Suspended), List.of(
                    setting(ConditionType.Reconciling, ConditionStatus.False, Reason.Suspended, suspended.message())));
        }
        var retrying = (Standing.Retrying) standing;
        return new Summary(Optional.empty(), List.of(
                setting(ConditionType.Reconciling, ConditionStatus.True, retrying.reason(), retrying.message()),
                setting(ConditionType.Ready, ConditionStatus.Unknown, retrying.reason(), retrying.message())));
    }

    private static Summary progressing(Phase phase, Reason reason, String message) {
        return new Summary(Optional.of(phase), List.of(
                setting(ConditionType.Reconciling, ConditionStatus.True, reason, message),
                setting(ConditionType.Ready, ConditionStatus.Unknown, reason, message),
                setting(ConditionType.Stalled, ConditionStatus.False, reason, message)));
    }

    private static Summary stalled(Phase phase, Reason reason, String message) {
        return new Summary(Optional.of(phase), List.of(
                setting(ConditionType.Ready, ConditionStatus.False, reason, message),
                setting(ConditionType.Stalled, ConditionStatus.True, reason, message),
                setting(ConditionType.Reconciling, ConditionStatus.False, reason, message)));
    }

    private static Conditions.Setting setting(ConditionType type, ConditionStatus status, Reason reason, String message) {
        return new Conditions.Setting(type, status, reason, message);
    }
}

package io.horadus.release;

import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.Step;

import java.util.Map;

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
            Step.Gate, new StepPhase(Phase.Gating, Reason.Gating),
            Step.Approve, new StepPhase(Phase.AwaitingApproval, Reason.AwaitingApproval),
            Step.Build, new StepPhase(Phase.Building, Reason.Building),
            Step.Migrate, new StepPhase(Phase.Migrating, Reason.Migrating),
            Step.RollOut, new StepPhase(Phase.RollingOut, Reason.RollingOut),
            Step.Verify, new StepPhase(Phase.Verifying, Reason.Verifying));

    private StatusSummary() {
    }

    /** Sets the phase and the summary conditions of the status {@code conditions} writes to. */
    public static void record(Conditions conditions, Standing standing) {
        var status = conditions.status();
        if (standing instanceof Standing.Entering entering) {
            var step = STEP_PHASE.get(entering.step());
            status.setPhase(step.phase());
            progressing(conditions, step.entered(), step.phase().name().toLowerCase() + " " + entering.tag());
        } else if (standing instanceof Standing.Working working) {
            status.setPhase(STEP_PHASE.get(working.step()).phase());
            progressing(conditions, working.reason(), working.message());
        } else if (standing instanceof Standing.AwaitingPerson awaiting) {
            status.setPhase(STEP_PHASE.get(awaiting.step()).phase());
            conditions.set(ConditionType.Reconciling, ConditionStatus.True, awaiting.reason(), awaiting.message());
            conditions.set(ConditionType.Ready, ConditionStatus.False, awaiting.reason(), awaiting.message());
            conditions.set(ConditionType.Stalled, ConditionStatus.False, awaiting.reason(), awaiting.message());
        } else if (standing instanceof Standing.Released released) {
            status.setPhase(Phase.Ready);
            conditions.set(ConditionType.Ready, ConditionStatus.True, Reason.Released, released.message());
            conditions.set(ConditionType.Reconciling, ConditionStatus.False, Reason.Released, released.message());
            conditions.set(ConditionType.Stalled, ConditionStatus.False, Reason.Released, released.message());
        } else if (standing instanceof Standing.RollingBack rollingBack) {
            status.setPhase(Phase.RollingBack);
            progressing(conditions, Reason.RollingBack, rollingBack.message());
        } else if (standing instanceof Standing.RolledBack rolledBack) {
            status.setPhase(Phase.RolledBack);
            stalled(conditions, Reason.RolledBack, rolledBack.message());
        } else if (standing instanceof Standing.Failed failed) {
            status.setPhase(Phase.Failed);
            stalled(conditions, failed.reason(), failed.message());
        } else if (standing instanceof Standing.Suspended suspended) {
            // Ready and Stalled keep what they said: suspending changes nothing on the host.
            status.setPhase(Phase.Suspended);
            conditions.set(ConditionType.Reconciling, ConditionStatus.False, Reason.Suspended, suspended.message());
        } else {
            var retrying = (Standing.Retrying) standing;
            conditions.set(ConditionType.Reconciling, ConditionStatus.True, retrying.reason(), retrying.message());
            conditions.set(ConditionType.Ready, ConditionStatus.Unknown, retrying.reason(), retrying.message());
        }
    }

    private static void progressing(Conditions conditions, Reason reason, String message) {
        conditions.set(ConditionType.Reconciling, ConditionStatus.True, reason, message);
        conditions.set(ConditionType.Ready, ConditionStatus.Unknown, reason, message);
        conditions.set(ConditionType.Stalled, ConditionStatus.False, reason, message);
    }

    private static void stalled(Conditions conditions, Reason reason, String message) {
        conditions.set(ConditionType.Ready, ConditionStatus.False, reason, message);
        conditions.set(ConditionType.Stalled, ConditionStatus.True, reason, message);
        conditions.set(ConditionType.Reconciling, ConditionStatus.False, reason, message);
    }
}

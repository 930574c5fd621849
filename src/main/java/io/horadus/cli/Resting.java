package io.horadus.cli;

import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;

import java.util.Objects;
import java.util.Optional;

/**
 * Whether a release has come to rest for a command that runs it there (apply, approve, rollback), and with
 * which exit code: Ready, failed (Stalled), rolled back, suspended, or waiting for a reviewer.
 */
final class Resting {

    private Resting() {
    }

    /**
     * @param revision        the spec revision the command applied: a status computed for an older one is not at rest
     * @param waitForApproval keep going while a reviewer's approval is awaited (--wait)
     * @return the exit code when at rest, empty while the release still moves
     */
    static Optional<ExitCode> exitCode(HoradusReleaseStatus status, long revision, boolean waitForApproval) {
        if (status.getObservedGeneration() == null || status.getObservedGeneration() < revision) {
            return Optional.empty();
        }
        if (status.getPhase() == Phase.AwaitingApproval) {
            return waitForApproval ? Optional.empty() : Optional.of(ExitCode.AWAITING_APPROVAL);
        }
        if (status.getPhase() == Phase.RolledBack) {
            return Optional.of(ExitCode.ROLLED_BACK);
        }
        if (status.getPhase() == Phase.Suspended) {
            return Optional.of(ExitCode.READY);
        }
        if (is(status, ConditionType.Ready, ConditionStatus.True)) {
            return Optional.of(ExitCode.READY);
        }
        if (is(status, ConditionType.Stalled, ConditionStatus.True)) {
            return Optional.of(ExitCode.FAILED);
        }
        return Optional.empty();
    }

    /** What a release at rest says, in the exit code's terms, when the engine asks for nothing more. */
    static ExitCode settled(HoradusReleaseStatus status) {
        if (status.getPhase() == Phase.RolledBack) {
            return ExitCode.ROLLED_BACK;
        }
        if (status.getPhase() == Phase.AwaitingApproval) {
            return ExitCode.AWAITING_APPROVAL;
        }
        return is(status, ConditionType.Ready, ConditionStatus.True) || status.getPhase() == Phase.Suspended ? ExitCode.READY : ExitCode.FAILED;
    }

    static boolean is(HoradusReleaseStatus status, ConditionType type, ConditionStatus value) {
        return status.getConditions().stream().anyMatch(c -> type.name().equals(c.getType()) && Objects.equals(value.name(), c.getStatus()));
    }
}

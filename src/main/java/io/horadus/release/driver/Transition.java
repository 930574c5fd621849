package io.horadus.release.driver;

import io.horadus.api.Step;

import java.time.Duration;

/**
 * Something a pass finished, in the runbook's words, for metrics: a step ended, a gate ended, a rollback
 * began. Derived from the status before and after the pass ({@link Transitions}), so a step that spans
 * passes, waits or a restart of the driver is timed from the moment status says it began.
 */
public sealed interface Transition {

    /** How a step ended. */
    enum StepResult { Succeeded, Failed }

    /** How a gate ended: an allowed failure is a failure of the gate (the release goes on all the same). */
    enum GateResult { Passed, Failed }

    /**
     * Why a rollback began: the release's verification failed (the Verify step), its checks stayed failed
     * while it was watched (verify.failureThreshold rounds in a row), or a person asked for it.
     */
    enum RollbackReason { VerificationFailed, HealthFailed, Requested, UpstreamRolledBack }

    /** A step of the runbook ended; {@code took} from when status says it began (Approve includes the reviewer's wait). */
    record StepEnded(Step step, StepResult result, Duration took) implements Transition {
    }

    /** A gate of spec.gates ended (a skipped gate never ran and is not one). */
    record GateEnded(String gate, GateResult result, Duration took) implements Transition {
    }

    /** A rollback began (counted when it begins: one that then fails was a rollback all the same). */
    record RollbackBegun(RollbackReason reason) implements Transition {
    }
}

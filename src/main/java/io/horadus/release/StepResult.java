package io.horadus.release;

import io.horadus.api.Reason;
import io.horadus.release.port.CommandResult;
import java.time.Duration;
import java.util.Optional;

/** How a step ended this time. Transient trouble is not a result: it is thrown and retried. */
public sealed interface StepResult {

    /** The step is complete; the release moves on. */
    record Done(Reason reason, String message, Optional<CommandResult> command) implements StepResult {
    }

    /** Not yet: come back after {@code after} (never sleep in a reconcile). */
    record Wait(Duration after, Reason reason, String message) implements StepResult {
    }

    /** The step failed for good: the release stops here, Stalled, until the spec changes. */
    record Failed(Reason reason, String message, Optional<CommandResult> command) implements StepResult {
    }

    static StepResult done(Reason reason, String message) {
        return new Done(reason, message, Optional.empty());
    }

    static StepResult failed(Reason reason, String message) {
        return new Failed(reason, message, Optional.empty());
    }

    /** A compose command's result: Done when it exited 0, else Failed with {@code failureReason}. */
    static StepResult ofCommand(CommandResult result, Reason successReason, Reason failureReason, String what) {
        if (result.succeeded()) {
            return new Done(successReason, what + " succeeded", Optional.of(result));
        }
        var last = result.lastLine();
        return new Failed(failureReason, what + " failed with exit code " + result.exitCode()
                + (last.isEmpty() ? "" : ": " + last), Optional.of(result));
    }
}

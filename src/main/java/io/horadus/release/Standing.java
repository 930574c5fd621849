package io.horadus.release;

import io.horadus.api.Reason;
import io.horadus.api.Step;

/**
 * Where a release stands, as the runbook would say it: what {@link StatusSummary} turns into
 * status.phase and the summary conditions (Ready, Reconciling, Stalled).
 */
public sealed interface Standing {

    /** A step was just entered: Reconciling says which, in the step's phase ("building v1.2.0"). */
    record Entering(Step step, String tag) implements Standing {
    }

    /** A step is under way and not done yet (a running migration, checks that do not pass yet). */
    record Working(Step step, Reason reason, String message) implements Standing {
    }

    /** A step waits for a person, not the host (an approval): not Ready until someone acts, yet never Stalled. */
    record AwaitingPerson(Step step, Reason reason, String message) implements Standing {
    }

    /** The release is out and its checks pass (or fail fewer rounds in a row than roll it back). */
    record Released(String message) implements Standing {
    }

    /** The last good release is being put back. */
    record RollingBack(String message) implements Standing {
    }

    /**
     * The last good release (or the kept release a person asked for) is back and verified: the tag it
     * left is not tried again until a person asks.
     *
     * @param reason RolledBack, or RolledBackByRequest when a person asked for it
     */
    record RolledBack(Reason reason, String message) implements Standing {
    }

    /** Stopped for good until the spec changes (or a person acts). */
    record Failed(Reason reason, String message) implements Standing {
    }

    /** spec.suspend: not acting, on purpose. */
    record Suspended(String message) implements Standing {
    }

    /**
     * A transient error (the host or git did not answer), retried with backoff: said in Reconciling
     * and Ready only, since where the release stood before the error still holds.
     */
    record Retrying(Reason reason, String message) implements Standing {
    }
}

package io.horadus.release;

import io.horadus.api.Step;

import java.util.Optional;

/**
 * One step of the runbook. A step may run more than once for the same release (after a restart, a
 * transient error or a wait), so each must be safe to repeat: it either redoes idempotent work or
 * first asks the host what already happened.
 */
public interface ReleaseStep {

    Step step();

    StepResult run(StepContext context);

    /**
     * Whether running this step again after it may have begun is harmless (a rebuild, another
     * {@code up -d}, a fetch). The engine then records the step's intent in the same status write as
     * the previous step's result: one write per step boundary. A step that is not (a migration) gets
     * a write of its own just before it runs, so that {@code Started} in status means it may really
     * have begun: a restart asks the host about it, and a new tag can supersede it until then.
     */
    default boolean repeatable() {
        return true;
    }

    /**
     * Whether releases of this spec go through the step at all. One that does not passes it without a
     * word: no condition, no event (spec.promotion's upstream check is the one such step).
     */
    default boolean applies(io.horadus.api.HoradusReleaseSpec spec) {
        return true;
    }

    /**
     * The step's result when this release has nothing for it to do (no gates declared, no approval
     * required). The engine then records the step's condition from it and moves on in the same
     * reconcile: a step that does not apply costs no status write and no reconcile of its own.
     */
    default Optional<StepResult.Done> notNeeded(StepContext context) {
        return Optional.empty();
    }

    /**
     * The release this step was working on is dropped (superseded by another tag, or the step's work
     * withdrawn from the spec): stop what it left running on the host. Called before the new release
     * begins; a failure here is the host's, thrown and retried like any.
     */
    default void abandon(ReleaseRequest request, io.horadus.api.ReleaseProgress release) {
    }
}

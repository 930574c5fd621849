package io.horadus.release;

import io.horadus.api.Step;

/**
 * One step of the runbook. A step may run more than once for the same release (after a restart, a
 * transient error or a wait), so each must be safe to repeat: it either redoes idempotent work or
 * first asks the host what already happened.
 */
public interface ReleaseStep {

    Step step();

    StepResult run(StepContext context);
}

package io.horadus.release;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseProgress;

import java.time.Instant;
import java.util.List;

/**
 * What a step sees: the request, the release in flight (on which a step records facts it learned,
 * such as the resolved commit), the whole status (read-only by convention), and whether the step had
 * already been recorded as started by an earlier reconcile rather than just now: after a restart or a
 * retry, or, for a {@link ReleaseStep#repeatable() repeatable} step, at the end of the previous step.
 * {@code events} takes what the step wants said as Kubernetes Events besides its result (a gate
 * starting and ending); the engine writes them with the outcome.
 */
public record StepContext(ReleaseRequest request, ReleaseProgress release, HoradusReleaseStatus status,
                          boolean resumed, Instant now, List<ReleaseEvent> events) {
}

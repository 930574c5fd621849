package io.horadus.release;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseProgress;

import java.time.Instant;

/**
 * What a step sees: the request, the release in flight (on which a step records facts it learned,
 * such as the resolved commit), the whole status (read-only by convention), and whether the step had
 * already been started by an earlier reconcile (a restart or a retry) rather than just now.
 */
public record StepContext(ReleaseRequest request, ReleaseProgress release, HoradusReleaseStatus status,
                          boolean resumed, Instant now) {
}

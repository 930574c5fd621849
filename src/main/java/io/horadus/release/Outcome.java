package io.horadus.release;

import io.horadus.api.HoradusReleaseStatus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile decided: the status to record, when to come back (empty: only when the spec
 * changes), and the events to publish.
 */
public record Outcome(HoradusReleaseStatus status, Optional<Duration> requeueAfter, List<ReleaseEvent> events) {
    public Outcome {
        events = List.copyOf(events);
    }
}

package io.horadus.release;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.release.watch.WatchRounds;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one reconcile decided: the status to record, when to come back (empty: only when the spec
 * changes or a watch round asks), the events to publish, and, for a released version, how to watch it
 * (empty: no rounds). The status must be persisted before the next reconcile: it may hold the intent of
 * the next step; the watch takes effect once it is ({@link WatchRounds#follow}). The status is not changed
 * after the pass that returned it: the watch's plan judges rounds against it (a driver's next pass works on
 * a copy its store loads).
 */
public record Outcome(HoradusReleaseStatus status, Optional<Duration> requeueAfter, List<ReleaseEvent> events,
                      Optional<WatchRounds.Plan> watch) {
    public Outcome {
        events = List.copyOf(events);
    }

    public Outcome(HoradusReleaseStatus status, Optional<Duration> requeueAfter, List<ReleaseEvent> events) {
        this(status, requeueAfter, events, Optional.empty());
    }
}

package io.horadus.release.driver;

import io.horadus.release.ReleaseEvent;

import java.util.List;

/**
 * Where a pass's events go (Kubernetes Events, the command line's progress lines). Events are a
 * courtesy and status is the record: a sink must not block a pass, and may drop what it cannot deliver.
 */
@FunctionalInterface
public interface EventSink {

    void publish(List<ReleaseEvent> events);
}

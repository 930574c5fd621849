package io.horadus.release.driver;

import io.horadus.release.ReleaseEvent;
import io.horadus.release.notify.Notice;

import java.util.List;

/**
 * Where a pass's notices go (webhooks). A notification is a courtesy, like an event: {@link #notify} hands
 * the notices over and returns at once, never throws, and never holds or fails the release. {@link #NONE}
 * tells no one.
 */
@FunctionalInterface
public interface Notifier {

    Notifier NONE = (input, notices) -> List.of();

    /**
     * Queues {@code notices} for each destination of this release (its spec.notify, the operator's own).
     *
     * @return events for the release about a destination that cannot be used (its Secret or key missing, a
     *         value that is no http(s) URL), for the driver to publish with the pass's own; empty when all is well
     */
    List<ReleaseEvent> notify(ReleaseInput input, List<Notice> notices);
}

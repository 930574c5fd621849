package io.horadus.release.driver;

import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.release.ReleaseEvent;

import java.time.Duration;
import java.util.List;

/** What a driver reports of each pass, for metrics (Micrometer in the operator); {@link #NONE} reports nothing. */
public interface Telemetry {

    Telemetry NONE = new Telemetry() {
        @Override
        public void passed(String key, Phase phase, List<ReleaseEvent> events, Duration took) {
        }

        @Override
        public void failed(String key, Reason reason, Duration took) {
        }
    };

    /** A pass ended: the phase it left, its events, and how long it took (host work included). */
    void passed(String key, Phase phase, List<ReleaseEvent> events, Duration took);

    /** A pass ended in a transient error, retried (reason HostUnreachable or RetryingAfterError). */
    void failed(String key, Reason reason, Duration took);
}

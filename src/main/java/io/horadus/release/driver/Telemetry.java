package io.horadus.release.driver;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.port.ComposeTarget;

import java.time.Duration;
import java.util.List;

/**
 * What a driver reports for metrics (Micrometer in the operator and the agent, {@code io.horadus.metrics}):
 * each pass, what it finished ({@link Transition}), the status it left, each transient failure, and each
 * round of the watch, including the passing rounds that trigger no pass. {@link #NONE} reports nothing.
 * Called on the pass's thread, or the round's: an implementation must be quick and must not throw.
 */
public interface Telemetry {

    Telemetry NONE = new Telemetry() {
        @Override
        public void passed(String key, HoradusReleaseStatus status, List<ReleaseEvent> events, Duration took) {
        }

        @Override
        public void failed(String key, Reason reason, Duration took) {
        }
    };

    /** How a round of the watch ended. */
    enum RoundResult { Passed, Failed, HostUnreachable }

    /**
     * A pass ended: the status it left (phase, tags, conditions), its events, and how long it took (host
     * work included). The status is not changed afterwards and must not be changed here.
     */
    void passed(String key, HoradusReleaseStatus status, List<ReleaseEvent> events, Duration took);

    /** A pass ended without running the engine (SecretInvalid), or threw and is retried (HostUnreachable, RetryingAfterError). */
    void failed(String key, Reason reason, Duration took);

    /**
     * A round of the watch over {@code tag} ended.
     *
     * @param failedChecks the names of the checks that failed (empty unless {@code Failed})
     * @param took         how long it read the host and ran the checks
     * @param late         how long after its scheduled time it began
     */
    default void round(String key, String tag, RoundResult result, List<String> failedChecks, Duration took, Duration late) {
    }

    /** What a pass finished, in order (none for most passes). */
    default void transitions(String key, List<Transition> transitions) {
    }

    /**
     * Status as a pass, or a failed one, left it (saved): phase and tags, for a release's info series. Not
     * changed afterwards and must not be changed here.
     */
    default void status(String key, HoradusReleaseStatus status) {
    }

    /**
     * The Docker endpoint the release works on, told at each pass that could read its secrets: for a check of
     * the hosts in use. The TLS material is the release's own: kept only to reach that host, never shown.
     */
    default void target(String key, ComposeTarget target) {
    }

    /** The release is gone from its store: what was kept for it (its series, its host) is dropped. */
    default void deleted(String key) {
    }
}

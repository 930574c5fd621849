package io.horadus.operator;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.driver.Telemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;

/**
 * The operator's release metrics, next to the JOSDK's own reconcile metrics:
 * horadus_release_events_total{type,reason} counts step outcomes (Released, BuildFailed, ...);
 * horadus_release_reconcile_seconds times one engine step, including the host work it ran.
 */
final class ReleaseMetrics implements Telemetry {

    private final MeterRegistry registry;

    ReleaseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void passed(String key, HoradusReleaseStatus status, List<ReleaseEvent> events, Duration took) {
        for (var event : events) {
            registry.counter("horadus_release_events_total", "type", event.type().name(), "reason", event.reason()).increment();
        }
        Timer.builder("horadus_release_reconcile_seconds").register(registry).record(took);
    }

    @Override
    public void failed(String key, Reason reason, Duration took) {
        // JOSDK's own metrics count failed reconciles; nothing of ours to add yet.
    }
}

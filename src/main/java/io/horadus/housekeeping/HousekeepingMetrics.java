package io.horadus.housekeeping;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sweeps as Prometheus series: horadus_housekeeping_removed_total{kind} (nothing counted in a dry run:
 * nothing was removed), horadus_housekeeping_sweeps_total{result=Succeeded|Failed} and
 * horadus_housekeeping_last_sweep_timestamp_seconds (when the last sweep ended, whatever its result). Every
 * series exists from the start at 0, so an alert on a rate or an absence needs no first sweep.
 */
public final class HousekeepingMetrics {

    private final Map<Kind, Counter> removed = new EnumMap<>(Kind.class);
    private final Counter succeeded;
    private final Counter failed;
    private final AtomicLong lastSweep = new AtomicLong();

    public HousekeepingMetrics(MeterRegistry registry) {
        for (var kind : Kind.values()) {
            removed.put(kind, Counter.builder("horadus_housekeeping_removed_total").tag("kind", kind.name())
                    .description("What housekeeping removed from the hosts and the work dir").register(registry));
        }
        succeeded = sweeps(registry, "Succeeded");
        failed = sweeps(registry, "Failed");
        Gauge.builder("horadus_housekeeping_last_sweep_timestamp_seconds", lastSweep, AtomicLong::get)
                .description("When the last housekeeping sweep ended (Unix time); 0 before the first").register(registry);
    }

    private static Counter sweeps(MeterRegistry registry, String result) {
        return Counter.builder("horadus_housekeeping_sweeps_total").tag("result", result)
                .description("Housekeeping sweeps, by result (Failed: a host did not answer or an area could not be deleted)").register(registry);
    }

    /** A sweep that ended with {@code report}. */
    public void swept(SweepReport report, Instant end) {
        if (!report.dryRun()) {
            report.removed().forEach((kind, items) -> removed.get(kind).increment(items.size()));
        }
        (report.succeeded() ? succeeded : failed).increment();
        lastSweep.set(end.getEpochSecond());
    }

    /** A sweep that ended with a bug: counted as failed. */
    public void crashed(Instant end) {
        failed.increment();
        lastSweep.set(end.getEpochSecond());
    }
}

package io.horadus.metrics;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.driver.Transition;
import io.horadus.release.port.ComposeTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The driver's {@link Telemetry} as Micrometer meters, the same for the operator (Quarkus's registry, served
 * at /q/metrics) and the command line's agent (its own Prometheus registry, {@link MetricsServer}). Names as
 * Prometheus scrapes them (docs/operations.md, "Horadus metrics"); labels are bounded: steps, results and
 * reasons are enums, gates and checks are the names the specs declare, and only two series carry a
 * release's name: {@code horadus_release_info} and {@code horadus_failed_rounds}, both dropped when the
 * release is deleted.
 */
public final class MicrometerTelemetry implements Telemetry {

    /** Steps run from seconds (a resolve) to many minutes (a build, an approval's wait). */
    private static final Duration[] STEP_BUCKETS = seconds(1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600);
    /** A round reads the host and probes the app: milliseconds, up to the probes' timeouts. */
    private static final Duration[] ROUND_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);
    /** How late a round began: zero on an idle executor; seconds when rounds queue behind hung ones. */
    private static final Duration[] LATENESS_BUCKETS = seconds(0.01, 0.1, 0.5, 1, 5, 10, 30, 60);

    private final MeterRegistry registry;
    private final HostsInUse hosts;
    private final ReleaseInfo info;
    private final Map<String, AtomicInteger> failedRounds = new ConcurrentHashMap<>();

    /** @param hosts told which Docker host each release uses (pinged for the host check); {@link HostsInUse#NONE} for none */
    public MicrometerTelemetry(MeterRegistry registry, HostsInUse hosts) {
        this.registry = registry;
        this.hosts = hosts;
        this.info = new ReleaseInfo(registry);
        // Counters an alert compares over time exist from the start at 0, so that the first increase is one.
        for (var reason : Transition.RollbackReason.values()) {
            rollbacks(reason.name());
        }
        for (var result : RoundResult.values()) {
            rounds(result);
        }
    }

    @Override
    public void passed(String key, HoradusReleaseStatus status, List<ReleaseEvent> events, Duration took) {
        for (var event : events) {
            registry.counter("horadus_release_events_total", "type", event.type().name(), "reason", event.reason()).increment();
        }
        Timer.builder("horadus_release_reconcile_seconds")
                .description("One engine pass over a release, its host work included")
                .register(registry).record(took);
    }

    @Override
    public void failed(String key, Reason reason, Duration took) {
        // JOSDK's own metrics count failed reconciles; status (the info series' phase) says why.
    }

    @Override
    public void transitions(String key, List<Transition> transitions) {
        for (var transition : transitions) {
            if (transition instanceof Transition.StepEnded step) {
                Timer.builder("horadus.step.duration")
                        .description("How long a step of the runbook took, from when status says it began to its end")
                        .tags("step", step.step().name(), "result", step.result().name())
                        .serviceLevelObjectives(STEP_BUCKETS)
                        .register(registry).record(step.took());
            } else if (transition instanceof Transition.GateEnded gate) {
                Timer.builder("horadus.gate.duration")
                        .description("How long a gate's container ran")
                        .tags("gate", gate.gate(), "result", gate.result().name())
                        .serviceLevelObjectives(STEP_BUCKETS)
                        .register(registry).record(gate.took());
            } else if (transition instanceof Transition.RollbackBegun rollback) {
                rollbacks(rollback.reason().name()).increment();
            }
        }
    }

    @Override
    public void status(String key, HoradusReleaseStatus status) {
        info.record(key, status);
        var watch = status.getWatch();
        var inARow = watch == null || watch.getConsecutiveFailures() == null ? 0 : watch.getConsecutiveFailures();
        failedRounds.computeIfAbsent(key, k -> {
            var count = new AtomicInteger();
            Gauge.builder("horadus_failed_rounds", count, AtomicInteger::get)
                    .description("Failed watch rounds in a row of the release's running version (verify.failureThreshold of them roll it back)")
                    .tags(ReleaseInfo.releaseTags(k))
                    .register(registry);
            return count;
        }).set(inARow);
    }

    @Override
    public void round(String key, String tag, RoundResult result, List<String> failedChecks, Duration took, Duration late) {
        rounds(result).increment();
        for (var check : failedChecks) {
            Counter.builder("horadus_check_failures_total")
                    .description("Checks that failed in a watch round, by check name")
                    .tag("check", check)
                    .register(registry).increment();
        }
        Timer.builder("horadus.round.duration")
                .description("How long a watch round read the host and ran the checks")
                .serviceLevelObjectives(ROUND_BUCKETS)
                .register(registry).record(took);
        Timer.builder("horadus.round.lateness")
                .description("How long after its scheduled time a watch round began")
                .serviceLevelObjectives(LATENESS_BUCKETS)
                .register(registry).record(late);
    }

    @Override
    public void target(String key, ComposeTarget target) {
        hosts.use(key, target);
    }

    @Override
    public void deleted(String key) {
        info.remove(key);
        var count = failedRounds.remove(key);
        if (count != null) {
            registry.find("horadus_failed_rounds").tags(ReleaseInfo.releaseTags(key)).meters().forEach(registry::remove);
        }
        hosts.drop(key);
    }

    private Counter rollbacks(String reason) {
        return Counter.builder("horadus_rollbacks_total")
                .description("Rollbacks begun, by why: VerificationFailed, HealthFailed (the watch), Requested (a person)")
                .tag("reason", reason)
                .register(registry);
    }

    private Counter rounds(RoundResult result) {
        return Counter.builder("horadus_check_rounds_total")
                .description("Watch rounds, by result: Passed, Failed, HostUnreachable")
                .tag("result", result.name())
                .register(registry);
    }

    private static Duration[] seconds(double... values) {
        var durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return durations;
    }
}

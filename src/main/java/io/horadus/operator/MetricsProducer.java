package io.horadus.operator;

import io.horadus.config.HostAdapters;
import io.horadus.config.OperatorConfig;
import io.horadus.metrics.HostPings;
import io.horadus.metrics.MicrometerTelemetry;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.util.List;

/**
 * The operator's metrics on Quarkus's Micrometer registry (/q/metrics): JOSDK's recommended reconcile
 * metrics, the release metrics of {@link MicrometerTelemetry} (shared with the command line's agent), the
 * Docker hosts' pings and {@code horadus_leader}.
 */
public class MetricsProducer {

    /**
     * JOSDK's {@link MicrometerMetricsV2}, chosen here rather than left to the extension's default bean (which
     * picks by quarkus.operator-sdk.use-v1-metrics and reads its registry only once Micrometer has bound it).
     * Without the namespace tag: its series stay per controller, not per namespace.
     */
    @Produces
    @Singleton
    Metrics reconcileMetrics(MeterRegistry registry) {
        return MicrometerMetricsV2.newBuilder(registry).build();
    }

    /**
     * JOSDK 5.3.2's MicrometerMetricsV2 counts {@code events.received} with an {@code action} tag for the
     * informer's events and without one for the others (the watch rounds', the approval polls'). Prometheus
     * takes one set of label names per metric, and the registry's refusal is thrown into JOSDK's event
     * handling, where it loses the event: a release would not be reconciled. So an event without an action
     * is counted with {@code action=""} (Prometheus reads an empty label as no label). Quarkus applies every
     * MeterFilter bean to its registries before the first meter is registered.
     */
    @Produces
    @Singleton
    MeterFilter eventsWithoutAction() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("events.received") && id.getTag("action") == null ? id.withTag(Tag.of("action", "")) : id;
            }
        };
    }

    /** The Docker hosts the releases name, pinged every horadus.host-check-interval for the host check. */
    @Produces
    @Singleton
    HostPings hostPings(MeterRegistry registry, HostAdapters adapters, OperatorConfig config, Clock clock) {
        return new HostPings(registry, adapters::ping, config.hostCheckInterval(), clock);
    }

    void closeHostPings(@Disposes HostPings pings) {
        pings.close();
    }

    @Produces
    @Singleton
    MicrometerTelemetry telemetry(MeterRegistry registry, HostPings hosts) {
        return new MicrometerTelemetry(registry, hosts);
    }

    /**
     * Who reconciles: with leader election on (the extension asks for its configuration in the prod profile),
     * the Lease holder; and {@code horadus_leader} says so, 1 on the leader, 0 on a standby.
     */
    @Produces
    @Singleton
    Leadership leadership(@ConfigProperty(name = "quarkus.operator-sdk.activate-leader-election-for-profiles") List<String> electedIn,
                          MeterRegistry registry) {
        // The extension's own test: leader election runs when one of the active profiles is listed.
        var leadership = new Leadership(electedIn.stream().anyMatch(ConfigUtils::isProfileActive));
        Gauge.builder("horadus_leader", leadership, l -> l.leads() ? 1 : 0)
                .description("1 when this replica reconciles (holds the Lease, or runs without leader election), 0 on a standby")
                .strongReference(true)
                .register(registry);
        return leadership;
    }
}

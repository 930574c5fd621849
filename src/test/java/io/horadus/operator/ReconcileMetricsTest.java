package io.horadus.operator;

import io.horadus.api.HoradusRelease;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JOSDK's reconcile metrics on a Prometheus registry, as the operator configures them. */
class ReconcileMetricsTest {

    private static final Map<String, Object> CONTROLLER = Map.of("controller.name", "horadusrelease");

    @Test
    @DisplayName("an informer's event and a watch round's event both counted: the round's with an empty action")
    void eventsOfEverySource() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var producer = new MetricsProducer();
        registry.config().meterFilter(producer.eventsWithoutAction());
        var metrics = producer.reconcileMetrics(registry);
        var release = new ResourceID("shop", "team-a");

        metrics.eventReceived(new ResourceEvent(ResourceAction.UPDATED, release, new HoradusRelease()), CONTROLLER);
        metrics.eventReceived(new Event(release), CONTROLLER);

        assertThat(registry.scrape().lines().filter(l -> l.startsWith("events_received_total{")).toList()).containsExactlyInAnyOrder(
                "events_received_total{action=\"UPDATED\",controller_name=\"horadusrelease\",event=\"ResourceEvent\",} 1.0",
                "events_received_total{action=\"\",controller_name=\"horadusrelease\",event=\"Event\",} 1.0");
    }

    @Test
    @DisplayName("without the filter, the second event's count is refused by the registry (JOSDK 5.3.2): the defect the filter is for")
    void withoutTheFilter() {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().onMeterRegistrationFailed((id, reason) -> {
            throw new IllegalArgumentException(reason);
        });
        var metrics = new MetricsProducer().reconcileMetrics(registry);
        var release = new ResourceID("shop", "team-a");
        metrics.eventReceived(new ResourceEvent(ResourceAction.UPDATED, release, new HoradusRelease()), CONTROLLER);

        assertThatThrownBy(() -> metrics.eventReceived(new Event(release), CONTROLLER))
                .hasMessageContaining("same set of tag keys");
    }
}

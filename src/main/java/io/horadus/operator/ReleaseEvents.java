package io.horadus.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.HoradusRelease;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.Timestamps;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Publishes the engine's events as Kubernetes Events on the release (what `kubectl describe` shows).
 * An event that cannot be written is logged and dropped: events are a courtesy, status is the record.
 */
final class ReleaseEvents {

    private static final Logger LOG = Logger.getLogger(ReleaseEvents.class);
    private static final int MESSAGE_LIMIT = 1024;

    private final KubernetesClient client;
    private final Clock clock;

    ReleaseEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    void publish(HoradusRelease release, List<ReleaseEvent> events) {
        for (var event : events) {
            LOG.infof("%s/%s %s %s: %s", release.getMetadata().getNamespace(), release.getMetadata().getName(),
                    event.type(), event.reason(), firstLine(event.message()));
            try {
                client.v1().events().inNamespace(release.getMetadata().getNamespace()).resource(toKubernetes(release, event)).create();
            } catch (KubernetesClientException e) {
                LOG.warnf("could not record event %s on %s: %s", event.reason(), release.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private io.fabric8.kubernetes.api.model.Event toKubernetes(HoradusRelease release, ReleaseEvent event) {
        var now = Timestamps.format(clock.instant());
        var message = event.message().length() > MESSAGE_LIMIT ? event.message().substring(0, MESSAGE_LIMIT) : event.message();
        return new EventBuilder()
                .withNewMetadata()
                .withName(release.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                .withNamespace(release.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(release.getApiVersion())
                        .withKind(release.getKind())
                        .withName(release.getMetadata().getName())
                        .withNamespace(release.getMetadata().getNamespace())
                        .withUid(release.getMetadata().getUid())
                        .build())
                .withType(event.type().name())
                .withReason(event.reason())
                .withMessage(message)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent("horadus-release-operator").endSource()
                .withReportingComponent("horadus.io/release-operator")
                .build();
    }

    private static String firstLine(String message) {
        var newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

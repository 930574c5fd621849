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
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the engine's events as Kubernetes Events on the release (what `kubectl describe` shows).
 * Events are a courtesy, status is the record: they are written by one background thread from a
 * bounded queue, so a reconcile never waits for an Event write, and an event that cannot be written
 * (the API server refuses Events, the queue is full) is logged and dropped. One thread keeps a
 * release's events in order.
 */
final class ReleaseEvents implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReleaseEvents.class);
    private static final int MESSAGE_LIMIT = 1024;
    static final int QUEUE_LIMIT = 256;
    private static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final Clock clock;
    private final ThreadPoolExecutor writer;
    // Only the writer thread touches it: a refusing API server is reported once, not at every event.
    private boolean failing;

    ReleaseEvents(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE_LIMIT),
                runnable -> {
                    var thread = new Thread(runnable, "horadus-events");
                    thread.setDaemon(true);
                    return thread;
                },
                (dropped, executor) -> LOG.warnf("event queue full (%d): an event was dropped", QUEUE_LIMIT));
    }

    /** Logs the events and queues them for writing; returns at once. */
    void publish(HoradusRelease release, List<ReleaseEvent> events) {
        for (var event : events) {
            LOG.infof("%s/%s %s %s: %s (tag %s)", release.getMetadata().getNamespace(), release.getMetadata().getName(),
                    event.type(), event.reason(), firstLine(event.message()), release.getSpec() == null ? null : release.getSpec().getTag());
            var kubernetesEvent = toKubernetes(release, event);
            writer.execute(() -> write(kubernetesEvent));
        }
    }

    private void write(io.fabric8.kubernetes.api.model.Event event) {
        try {
            client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
            if (failing) {
                failing = false;
                LOG.infof("events are recorded again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warnf("could not record event %s on %s (further failures at DEBUG until one succeeds): %s",
                        event.getReason(), event.getInvolvedObject().getName(), briefly(e));
            } else {
                LOG.debugf("could not record event %s on %s: %s", event.getReason(), event.getInvolvedObject().getName(), briefly(e));
            }
        }
    }

    /** An API server's refusal in one short line: a 404 from a server without the core API lists every path it has. */
    private static String briefly(RuntimeException e) {
        if (e instanceof KubernetesClientException refused && refused.getCode() > 0) {
            var status = refused.getStatus();
            var why = status == null || status.getMessage() == null ? "" : ": " + status.getMessage();
            return "HTTP " + refused.getCode() + why;
        }
        return e.toString();
    }

    /** Writes what is queued, for a short while, then stops. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            if (!writer.awaitTermination(FLUSH_ON_CLOSE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warnf("%d event(s) not recorded at shutdown", writer.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            writer.shutdownNow();
            Thread.currentThread().interrupt();
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

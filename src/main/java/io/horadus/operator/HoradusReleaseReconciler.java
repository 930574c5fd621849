package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.manifest.ReleaseRequests;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.StatusStore;
import io.horadus.release.watch.WatchRounds;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The thin JOSDK adapter over {@link ReleaseDriver}: a HoradusRelease becomes the driver's input, its
 * status subresource the {@link StatusStore}, Kubernetes Events the event sink. JOSDK serialises
 * reconciles per resource, retries thrown (transient) errors with backoff, and filters out status-only
 * changes, so one reconcile at a time owns a release's status. The watch of a released version runs its
 * rounds off the reconcile threads ({@link WatchRounds}); a round that changes something comes back as an
 * event of {@link WatchEventSource}, and the reconcile applies it. A reviewer's new approval comes back as
 * an event of {@link ApprovalPolls}; a release whose upstream's status changed, of {@link UpstreamReleases}.
 */
@ControllerConfiguration(name = "horadusrelease", informer = @Informer(itemStore = TrimmedReleaseStore.class))
public class HoradusReleaseReconciler implements Reconciler<HoradusRelease> {

    private static final Logger LOG = Logger.getLogger(HoradusReleaseReconciler.class);

    private final ReleaseDriver driver;
    private final WatchRounds rounds;
    private final ReleaseEvents events;
    private final ApprovalPolls approvalPolls;
    private final UpstreamReleases upstreams;
    private final KubernetesClient client;
    private final FailedAttemptLog failures = new FailedAttemptLog();

    public HoradusReleaseReconciler(ReleaseDriver driver, WatchRounds rounds, KubernetesClient client, ReleaseEvents events,
                                    ApprovalPolls approvalPolls, UpstreamReleases upstreams) {
        this.driver = driver;
        this.upstreams = upstreams;
        this.rounds = rounds;
        this.approvalPolls = approvalPolls;
        this.client = client;
        this.events = events;
    }

    @Override
    public List<EventSource<?, HoradusRelease>> prepareEventSources(EventSourceContext<HoradusRelease> context) {
        upstreams.attach(context.getPrimaryCache());
        return List.of(new WatchEventSource(rounds, driver::deleted), approvalPolls, upstreams);
    }

    @Override
    public UpdateControl<HoradusRelease> reconcile(HoradusRelease resource, Context<HoradusRelease> context) {
        var started = System.nanoTime();
        var store = new StatusSubresource(resource, context);
        var input = ReleaseRequests.input(resource);
        try (var logContext = ReleaseLogContext.enter(input.key(), input.spec().getTag())) {
            var requeue = driver.pass(input, store, found -> events.publish(store.current(), found));
            if (store.writes() > 0) {
                upstreams.changed(store.current());
            }
            // Where a reconcile's time goes: status writes are round trips to the API server; the rest is the engine's (host work included).
            LOG.debugf("%s: tag %s: %s in %d ms (%d status write(s) %d ms), requeue %s", input.key(), input.spec().getTag(),
                    store.current().getStatus() == null ? null : store.current().getStatus().getPhase(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), store.writes(), store.writeMillis(),
                    requeue.map(Duration::toString).orElse("on change"));
            return requeue
                    .map(after -> UpdateControl.<HoradusRelease>noUpdate().rescheduleAfter(after))
                    .orElseGet(UpdateControl::noUpdate);
        }
    }

    /**
     * A transient failure (host or git unreachable): say so in status while JOSDK retries with backoff, and
     * in one log entry per attempt ({@link FailedAttemptLog}). The last attempt of an error from outside
     * ends without a retry of its own, as JOSDK's exhausted retry does, but without JOSDK's stack trace.
     */
    @Override
    public ErrorStatusUpdateControl<HoradusRelease> updateErrorStatus(HoradusRelease resource, Context<HoradusRelease> context, Exception thrown) {
        var e = unwrapped(thrown);
        var input = ReleaseRequests.input(resource);
        var reason = ReleaseDriver.reason(e);
        RuntimeException statusNotSaved = null;
        var retry = context.getRetryInfo().orElse(null);
        try (var logContext = ReleaseLogContext.enter(input.key(), input.spec().getTag())) {
            try {
                reason = driver.failed(input, new StatusSubresource(resource, context), e);
            } catch (RuntimeException saveFailed) {
                // JOSDK's retry brings the next attempt, which writes status again.
                statusNotSaved = saveFailed;
            }
            failures.failed(input.key(), input.spec().getTag(), reason, e, retry, statusNotSaved);
        }
        var last = retry != null && retry.isLastAttempt();
        return last && FailedAttemptLog.fromOutside(e)
                ? ErrorStatusUpdateControl.<HoradusRelease>noStatusUpdate().withNoRetry()
                : ErrorStatusUpdateControl.noStatusUpdate();
    }

    /**
     * The reconcile's own exception. JOSDK's MicrometerMetricsV2 times each reconcile and wraps whatever it
     * throws in {@code new OperatorException(e)}, whose message is the class name and the message: status
     * and the log would read "io.horadus...SourceUnavailableException: cannot fetch ...".
     */
    static Exception unwrapped(Exception e) {
        if (e instanceof OperatorException && e.getCause() instanceof Exception cause && Objects.equals(e.getMessage(), cause.toString())) {
            return cause;
        }
        return e;
    }

    /**
     * The status subresource as the driver's store: written with an update carrying the resourceVersion
     * read (optimistic locking), only when the status changed; the object each write returns is kept for
     * the next write and for JOSDK's cache.
     */
    private final class StatusSubresource implements StatusStore {
        private HoradusRelease current;
        private final Context<HoradusRelease> context;
        private int writes;
        private long writeNanos;

        StatusSubresource(HoradusRelease resource, Context<HoradusRelease> context) {
            this.current = resource;
            this.context = context;
        }

        @Override
        public HoradusReleaseStatus load() {
            var status = current.getStatus();
            return status == null ? new HoradusReleaseStatus() : client.getKubernetesSerialization().clone(status);
        }

        @Override
        public void save(HoradusReleaseStatus status) {
            var serialization = client.getKubernetesSerialization();
            var json = serialization.asJson(status);
            if (current.getStatus() != null && Objects.equals(serialization.asJson(current.getStatus()), json)) {
                return;
            }
            var began = System.nanoTime();
            // A copy: the object JOSDK gave keeps the status last stored, for updateErrorStatus when this write is refused.
            current = PrimaryUpdateAndCacheUtils.updateAndCacheResource(current, context, latest -> {
                var next = serialization.clone(latest);
                next.setStatus(serialization.unmarshal(json, HoradusReleaseStatus.class));
                return next;
            }, this::write);
            writes++;
            writeNanos += System.nanoTime() - began;
        }

        /** A conflict goes back to JOSDK, which waits for the newer object and writes again; a refusal ends the pass ({@link StatusRefusals}). */
        private HoradusRelease write(HoradusRelease modified) {
            try {
                return context.getClient().resource(modified).updateStatus();
            } catch (KubernetesClientException e) {
                throw StatusRefusals.of(e).map(RuntimeException.class::cast).orElse(e);
            }
        }

        int writes() {
            return writes;
        }

        long writeMillis() {
            return TimeUnit.NANOSECONDS.toMillis(writeNanos);
        }

        HoradusRelease current() {
            return current;
        }
    }
}

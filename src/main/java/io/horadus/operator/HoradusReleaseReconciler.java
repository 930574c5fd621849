package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.config.OperatorConfig;
import io.horadus.release.Conditions;
import io.horadus.release.Standing;
import io.horadus.release.StatusSummary;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.ReleaseEngine;
import io.horadus.release.watch.WatchRounds;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The thin JOSDK adapter: reads the Secrets the spec names, hands the engine a copy of the status,
 * persists what the engine records (the intent before a step, the result after it) and publishes its
 * events. JOSDK serialises reconciles per resource, retries thrown (transient) errors with backoff, and
 * filters out status-only changes, so one reconcile at a time owns a release's status. The watch of a
 * released version runs its rounds off the reconcile threads ({@link WatchRounds}); a round that changes
 * something comes back as an event of {@link WatchEventSource}, and the reconcile applies it.
 */
@ControllerConfiguration(name = "horadusrelease")
public class HoradusReleaseReconciler implements Reconciler<HoradusRelease> {

    private static final Logger LOG = Logger.getLogger(HoradusReleaseReconciler.class);

    private final ReleaseEngine engine;
    private final ReleaseRequests requests;
    private final ReleaseEvents events;
    private final ReleaseMetrics metrics;
    private final OperatorConfig config;
    private final Clock clock;
    private final KubernetesClient client;
    private final WatchRounds rounds;

    public HoradusReleaseReconciler(ReleaseEngine engine, WatchRounds rounds, KubernetesClient client, MeterRegistry registry,
                                    OperatorConfig config, Clock clock, ReleaseEvents events) {
        this.engine = engine;
        this.rounds = rounds;
        this.client = client;
        this.requests = new ReleaseRequests(client);
        this.events = events;
        this.metrics = new ReleaseMetrics(registry);
        this.config = config;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, HoradusRelease>> prepareEventSources(EventSourceContext<HoradusRelease> context) {
        return List.of(new WatchEventSource(rounds));
    }

    @Override
    public UpdateControl<HoradusRelease> reconcile(HoradusRelease resource, Context<HoradusRelease> context) {
        var started = clock.instant();
        var writer = new StatusRecorder(resource, context);
        var status = copy(resource.getStatus());
        try {
            var request = requests.of(resource);
            var outcome = engine.reconcile(request, status, writer::write);
            var engineDone = clock.instant();
            writer.write(outcome.status());
            // Recorded: the watch follows what status now says (and forgets the round this reconcile applied).
            rounds.follow(request.key(), outcome.watch());
            events.publish(writer.current(), outcome.events());
            var took = Duration.between(started, clock.instant());
            metrics.record(outcome.events(), took);
            // Where a reconcile's time goes: the engine (host work included), status writes (round trips
            // to the API server, intent writes counted in the engine's time too), the rest (Secrets, events).
            LOG.debugf("%s: %s in %d ms (engine %d ms; %d status write(s) %d ms), requeue %s", request.key(),
                    outcome.status().getPhase(), took.toMillis(), Duration.between(started, engineDone).toMillis(),
                    writer.writes(), writer.writeMillis(), outcome.requeueAfter().map(Duration::toString).orElse("on change"));
            return outcome.requeueAfter()
                    .map(after -> UpdateControl.<HoradusRelease>noUpdate().rescheduleAfter(after))
                    .orElseGet(UpdateControl::noUpdate);
        } catch (SecretProblem problem) {
            // Bad or missing input: report it, run nothing, and look again later (a Secret's arrival fires no event here).
            var generation = ReleaseRequests.generation(resource);
            status.setObservedGeneration(generation);
            status.setDesiredTag(resource.getSpec().getTag());
            StatusSummary.record(new Conditions(status, generation, clock.instant()), new Standing.Failed(Reason.SecretInvalid, problem.getMessage()));
            writer.write(status);
            rounds.stop(WatchEventSource.key(resource));
            return UpdateControl.<HoradusRelease>noUpdate().rescheduleAfter(config.secretRetry());
        }
    }

    /** A transient failure (host or git unreachable): say so in status while JOSDK retries with backoff. */
    @Override
    public ErrorStatusUpdateControl<HoradusRelease> updateErrorStatus(HoradusRelease resource, Context<HoradusRelease> context, Exception e) {
        var status = copy(resource.getStatus());
        var generation = ReleaseRequests.generation(resource);
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        var conditions = new Conditions(status, generation, clock.instant());
        // An engine that does not answer is named as such: it is never an application failure (no
        // check round is counted, nothing is rolled back), and the on-call person looks at the host.
        var reason = causedBy(e, HostUnavailableException.class) ? Reason.HostUnreachable : Reason.RetryingAfterError;
        StatusSummary.record(conditions, new Standing.Retrying(reason, message));
        new StatusRecorder(resource, context).write(status);
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (var t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private HoradusReleaseStatus copy(HoradusReleaseStatus status) {
        return status == null ? new HoradusReleaseStatus() : client.getKubernetesSerialization().clone(status);
    }

    /** Writes status only when it changed, and keeps the resource version each write returns. */
    private final class StatusRecorder {
        private HoradusRelease current;
        private final Context<HoradusRelease> context;
        private int writes;
        private long writeNanos;

        StatusRecorder(HoradusRelease resource, Context<HoradusRelease> context) {
            this.current = resource;
            this.context = context;
        }

        void write(HoradusReleaseStatus status) {
            var serialization = client.getKubernetesSerialization();
            var json = serialization.asJson(status);
            if (current.getStatus() != null && Objects.equals(serialization.asJson(current.getStatus()), json)) {
                return;
            }
            var began = System.nanoTime();
            current = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(current, context, latest -> {
                latest.setStatus(serialization.unmarshal(json, HoradusReleaseStatus.class));
                return latest;
            });
            writes++;
            writeNanos += System.nanoTime() - began;
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

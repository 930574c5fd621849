package io.horadus.operator;

import io.horadus.api.HoradusRelease;
import io.horadus.config.HostAdapters;
import io.horadus.config.HousekeepingConfig;
import io.horadus.housekeeping.Housekeeping;
import io.horadus.housekeeping.HousekeepingMetrics;
import io.horadus.housekeeping.LiveRelease;
import io.horadus.manifest.ReleaseRequests;
import io.horadus.release.secrets.SecretMaterial;
import io.horadus.release.secrets.SecretProblem;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.RegisteredController;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.Controller;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's trigger of {@link Housekeeping}: every {@code horadus.housekeeping.interval} on the
 * Quarkus Scheduler (a worker thread, never a reconcile thread), on the leader only, over the hosts the
 * releases in the informer cache name. One INFO line per sweep that removed something (DEBUG otherwise),
 * a WARN per problem; counted in the horadus_housekeeping_* metrics.
 */
@Singleton
public class HousekeepingJob {

    private static final Logger LOG = Logger.getLogger(HousekeepingJob.class);
    static final String CONTROLLER = "horadusrelease";

    private final HousekeepingConfig config;
    private final Leadership leadership;
    private final Operator operator;
    private final KubernetesSecrets secrets;
    private final Housekeeping housekeeping;
    private final HousekeepingMetrics metrics;
    private final Clock clock;

    public HousekeepingJob(HousekeepingConfig config, Leadership leadership, Operator operator, KubernetesClient client,
                           HostAdapters adapters, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.leadership = leadership;
        this.operator = operator;
        this.secrets = new KubernetesSecrets(client);
        this.housekeeping = adapters.housekeeping(new Housekeeping.Settings(config.dryRun(), config.gateImageAge()), clock);
        this.metrics = new HousekeepingMetrics(registry);
        this.clock = clock;
    }

    // The first sweep waits (horadus.housekeeping.delay, a minute) for the informer cache to fill.
    @Scheduled(identity = "horadus-housekeeping", every = "${horadus.housekeeping.interval:10m}", delayed = "${horadus.housekeeping.delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!config.enabled() || !leadership.leads()) {
            return;
        }
        var controller = operator.getRegisteredController(CONTROLLER);
        // An unfilled cache lists no release: every work area and gate container would look like a deleted release's.
        if (!operator.getRuntimeInfo().isStarted() || controller.isEmpty() || !synced(controller.get())) {
            LOG.debug("housekeeping: the release informer has not synced yet; no sweep");
            return;
        }
        try {
            var report = housekeeping.sweep(() -> releases(controller.get()));
            metrics.swept(report, clock.instant());
            if (!report.removedNothing()) {
                LOG.info(report.summary());
            } else {
                LOG.debug("housekeeping: nothing to remove");
            }
            report.problems().forEach(problem -> LOG.warnf("housekeeping: %s; tried again at the next sweep", problem));
        } catch (RuntimeException e) {
            metrics.crashed(clock.instant());
            LOG.error("housekeeping failed", e);
        }
    }

    /** The releases in the informer cache; before the controller has one (a standby), none, and nothing is swept. */
    @SuppressWarnings("unchecked") // the controller registered under this name reconciles HoradusRelease
    private List<LiveRelease> releases(RegisteredController<?> controller) {
        return ((Controller<HoradusRelease>) controller).getEventSourceManager().getControllerEventSource()
                .list(release -> true)
                .map(this::live)
                .toList();
    }

    private static boolean synced(RegisteredController<?> controller) {
        var informers = new ArrayList<InformerHealthIndicator>();
        for (InformerWrappingEventSourceHealthIndicator<?> source : controller.getControllerHealthInfo().informerEventSourceHealthIndicators().values()) {
            informers.addAll(source.informerHealthIndicators().values());
        }
        return !informers.isEmpty() && informers.stream().allMatch(informer -> informer.isRunning() && informer.hasSynced());
    }

    private LiveRelease live(HoradusRelease release) {
        var key = ReleaseRequests.key(release);
        var namespace = release.getMetadata().getNamespace();
        if (release.getSpec() == null || release.getSpec().getTarget() == null) {
            return LiveRelease.unswept(key);
        }
        try {
            return LiveRelease.of(key, release.getSpec(), release.getStatus(), SecretMaterial.tls(release.getSpec(), namespace, secrets));
        } catch (SecretProblem e) {
            LOG.debugf("housekeeping: %s: the Docker host is not swept this time: %s", key, e.getMessage());
            return LiveRelease.unswept(key);
        }
    }

}

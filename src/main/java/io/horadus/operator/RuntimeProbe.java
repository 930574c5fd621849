package io.horadus.operator;

import io.horadus.release.watch.WatchRounds;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the {@link RuntimeState} from JOSDK's runtime and the watch's rounds. How long an informer has
 * been without its watch is measured between reads (the probes' period, 10 s by default): an informer
 * seen without it at two reads in a row counts from the first, one seen watching starts again from zero.
 */
@Singleton
final class RuntimeProbe {

    private final Operator operator;
    private final WatchRounds rounds;
    private final Clock clock;
    /** First read at which each informer was without its watch, by name; only the probes' threads touch it. */
    private final Map<String, Instant> unwatchedSince = new ConcurrentHashMap<>();

    RuntimeProbe(Operator operator, WatchRounds rounds, Clock clock) {
        this.operator = operator;
        this.rounds = rounds;
        this.clock = clock;
    }

    RuntimeState read() {
        var now = clock.instant();
        var runtime = operator.getRuntimeInfo();
        var informers = new ArrayList<RuntimeState.Informer>();
        if (runtime.isStarted()) {
            for (var controller : runtime.getRegisteredControllers()) {
                var controllerName = controller.getConfiguration().getName();
                for (InformerWrappingEventSourceHealthIndicator<?> source : controller.getControllerHealthInfo().informerEventSourceHealthIndicators().values()) {
                    source.informerHealthIndicators().forEach((namespace, informer) ->
                            informers.add(informer(name(controllerName, namespace), informer, now)));
                }
            }
        }
        var reconcile = operator.getConfigurationService().getExecutorServiceManager().reconcileExecutorService();
        return new RuntimeState(runtime.isStarted(), informers, reconcile != null && !reconcile.isShutdown(), rounds.running());
    }

    @SuppressWarnings("removal") // JOSDK deprecates isWatching as a health signal on its own; used here only sustained past a grace.
    private RuntimeState.Informer informer(String name, InformerHealthIndicator informer, Instant now) {
        Duration withoutWatch;
        if (informer.isWatching()) {
            unwatchedSince.remove(name);
            withoutWatch = Duration.ZERO;
        } else {
            withoutWatch = Duration.between(unwatchedSince.computeIfAbsent(name, n -> now), now);
        }
        return new RuntimeState.Informer(name, informer.isRunning(), informer.hasSynced(), withoutWatch);
    }

    private static String name(String controller, String namespace) {
        return controller + (Constants.WATCH_ALL_NAMESPACES.equals(namespace) ? " (all namespaces)" : " (namespace " + namespace + ")");
    }
}

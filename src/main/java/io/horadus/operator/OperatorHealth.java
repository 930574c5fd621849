package io.horadus.operator;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import java.time.Duration;

/**
 * The operator's readiness and liveness, judged from a {@link RuntimeState}: the check
 * {@value #CHECK} of /q/health/ready and /q/health/live, with one data entry per part.
 *
 * <p>Readiness is DOWN while anything keeps the operator from hearing of a release or acting on it: not
 * started yet, an informer stopped, not synced, or without its watch for longer than the grace, or an
 * executor shut down. Liveness is DOWN only for what never heals inside the process and a restart does
 * fix: an informer that stopped (Fabric8 never starts it again; {@link InformerStopExit} ends the process when
 * one stops with an error) or an executor shut down. An informer that has lost its watch keeps readiness only: it
 * reconnects on its own as soon as the API server lets it, a restart would not bring an unreachable API
 * server back, and a crash loop adds a full list of every release to an API server already in trouble.
 * That is JOSDK's guidance since 5.3 (a watch state "is not suitable for liveness checks"), and the habit
 * of controller-runtime's and Flux's controllers, whose liveness is "the process answers".
 *
 * <p>The Vert.x event loop serves both the Kubernetes client and these endpoints (one loop,
 * quarkus.vertx.event-loops-pool-size): when it is dead or blocked, neither probe answers, and the
 * kubelet's timeout fails both. A check of its own could never report DOWN.
 */
final class OperatorHealth {

    static final String CHECK = "horadus-operator";

    private OperatorHealth() {
    }

    static HealthCheckResponse readiness(RuntimeState state, Duration grace) {
        var response = HealthCheckResponse.named(CHECK).up().withData("operator", state.started() ? "started" : "starting");
        if (!state.started()) {
            response.down();
        }
        for (var informer : state.informers()) {
            response.withData("informer " + informer.name(), describe(informer, grace));
            if (!informer.running() || !informer.synced() || informer.withoutWatch().compareTo(grace) > 0) {
                response.down();
            }
        }
        executors(state, response);
        return response.build();
    }

    static HealthCheckResponse liveness(RuntimeState state) {
        var response = HealthCheckResponse.named(CHECK).up().withData("operator", state.started() ? "started" : "starting");
        if (!state.started()) {
            // Starting is not dead: Quarkus's boot and the informers' first list take their time.
            return response.build();
        }
        for (var informer : state.informers()) {
            response.withData("informer " + informer.name(), informer.running() ? "running" : "stopped");
            if (!informer.running()) {
                response.down();
            }
        }
        executors(state, response);
        return response.build();
    }

    private static void executors(RuntimeState state, HealthCheckResponseBuilder response) {
        if (!state.started()) {
            return;
        }
        response.withData("reconcile threads", state.reconcileThreads() ? "running" : "shut down");
        response.withData("watch round threads", state.watchThreads() ? "running" : "shut down");
        if (!state.reconcileThreads() || !state.watchThreads()) {
            response.down();
        }
    }

    private static String describe(RuntimeState.Informer informer, Duration grace) {
        if (!informer.running()) {
            return "stopped";
        }
        if (!informer.synced()) {
            return "not synced";
        }
        if (informer.withoutWatch().isZero()) {
            return "watching";
        }
        var seconds = informer.withoutWatch().toSeconds();
        return informer.withoutWatch().compareTo(grace) > 0
                ? "without its watch for " + seconds + " s (grace " + grace.toSeconds() + " s): hears of no change"
                : "without its watch for " + seconds + " s, reconnecting";
    }
}

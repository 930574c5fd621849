package io.horadus.operator;

import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.function.IntConsumer;

/**
 * An informer that stops with an error after it synced ends the process (exit code 1), so that a
 * restarted operator hears of releases again: Fabric8 never starts a stopped informer again, and the
 * operator would stay up without hearing of any change. That is JOSDK's own default; quarkus-operator-sdk
 * installs a handler only when the application gives one (it looks this bean up by type, hence
 * {@link Unremovable}). An informer stopped without an error is the operator shutting down. Liveness
 * reports a stopped informer too ({@link OperatorHealth}), for the case this never sees.
 */
@Singleton
@Unremovable
final class InformerStopExit implements InformerStoppedHandler {

    private static final Logger LOG = Logger.getLogger(InformerStopExit.class);

    private final IntConsumer exit;

    InformerStopExit() {
        this(System::exit);
    }

    InformerStopExit(IntConsumer exit) {
        this.exit = exit;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public void onStop(SharedIndexInformer informer, Throwable error) {
        var type = informer.getApiTypeClass().getSimpleName();
        if (fatal(error, informer.hasSynced())) {
            LOG.errorf(error, "the %s informer stopped: exiting, so that a restarted operator hears of changes again", type);
            exit.accept(1);
        } else {
            LOG.debugf("the %s informer stopped (synced: %s, error: %s)", type, informer.hasSynced(), error);
        }
    }

    /** Before it synced, JOSDK's start fails on its own (the operator does not start); without an error, it is a shutdown. */
    static boolean fatal(Throwable error, boolean synced) {
        return error != null && synced;
    }
}

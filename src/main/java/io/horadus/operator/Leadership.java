package io.horadus.operator;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this replica reconciles: with leader election (the prod profile), while it holds the Lease, as
 * the election's callbacks say ({@link LeaderElectionProducer}); without it (the single profile), always.
 * Read by the {@code horadus_leader} gauge.
 */
final class Leadership {

    private final boolean elected;
    private final AtomicBoolean holdsLease = new AtomicBoolean();

    /** @param elected whether a Lease decides who reconciles */
    Leadership(boolean elected) {
        this.elected = elected;
    }

    void started() {
        holdsLease.set(true);
    }

    void stopped() {
        holdsLease.set(false);
    }

    boolean leads() {
        return !elected || holdsLease.get();
    }
}

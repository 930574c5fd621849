package io.horadus.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop (SIGTERM, SIGINT) that long-running commands honour at a step boundary: a status
 * save ({@link StoppingStore}) throws {@link Stopped} once the step is on record, and a sleep between
 * passes ends early.
 */
final class StopSignal {

    /** Thrown after a status save once a stop was requested: the pass ends with its last step on record. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("stopped at a step boundary", null, false, false);
        }
    }

    private final CountDownLatch requested = new CountDownLatch(1);

    void request() {
        requested.countDown();
    }

    boolean requested() {
        return requested.getCount() == 0;
    }

    /** Sleeps for {@code duration} unless a stop is requested; false when it was. */
    boolean sleep(Duration duration) {
        try {
            return !requested.await(Math.max(0, duration.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Throws {@link Stopped} when a stop was requested. */
    void check() {
        if (requested()) {
            throw new Stopped();
        }
    }
}

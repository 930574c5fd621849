package io.horadus.release;

import java.time.Duration;

/**
 * How soon verification tries again. A fresh container usually turns healthy within a second or two,
 * so for the first {@link #EAGER_PERIOD} attempts come every {@link #EAGER_RETRY} (an attempt is a few
 * local HTTP calls and a container listing); after that, every spec.verify.intervalSeconds.
 */
public final class VerifyPace {

    public static final Duration EAGER_RETRY = Duration.ofMillis(100);
    public static final Duration EAGER_PERIOD = Duration.ofSeconds(10);

    private VerifyPace() {
    }

    public static Duration next(Duration elapsed, int intervalSeconds) {
        var interval = Duration.ofSeconds(intervalSeconds);
        return elapsed.compareTo(EAGER_PERIOD) < 0 && EAGER_RETRY.compareTo(interval) < 0 ? EAGER_RETRY : interval;
    }
}

package io.horadus.cli;

import java.time.Duration;

/** The operator's retry of a pass that threw (quarkus.operator-sdk retry settings): 2 s, doubling, at most 2 min. */
final class Backoff {

    private static final Duration FIRST = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(2);

    private int failures;

    /** A pass threw: how long to wait before the next. */
    Duration failed() {
        failures++;
        var wait = FIRST.multipliedBy(1L << Math.min(failures - 1, 10));
        return wait.compareTo(MAX) > 0 ? MAX : wait;
    }

    /** A pass ended: the next failure waits the first delay again. */
    void passed() {
        failures = 0;
    }
}

package io.horadus.release;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Status timestamps: RFC 3339 in UTC with whole seconds, like metav1.Time. */
public final class Timestamps {

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

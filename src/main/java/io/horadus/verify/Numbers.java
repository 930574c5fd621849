package io.horadus.verify;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** Values and durations as a person reads them in a check's detail: 0.12, 4211, 1.5E+17, 10s, 0.3s. */
final class Numbers {

    /** Four significant digits tell 0.0512 from 0.05 without printing float noise. */
    private static final MathContext DIGITS = new MathContext(4);

    private Numbers() {
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            // Counters are whole numbers and may be large: print them exactly, without an exponent.
            return Long.toString((long) value);
        }
        BigDecimal rounded = new BigDecimal(value).round(DIGITS).stripTrailingZeros();
        boolean plain = Math.abs(value) >= 1e-6 && Math.abs(value) < 1e15;
        return plain ? rounded.toPlainString() : rounded.toString();
    }

    /** Whole seconds from 10 s up; tenths below, where the engine's quick first retries live. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis >= 10_000 || millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return BigDecimal.valueOf(millis / 100, 1).stripTrailingZeros().toPlainString() + "s";
    }
}

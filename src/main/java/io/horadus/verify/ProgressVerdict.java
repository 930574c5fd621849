package io.horadus.verify;

import io.horadus.api.MetricRuleSpec.ProgressRule;
import io.horadus.release.port.VerificationReport.Check;

import java.time.Duration;
import java.time.Instant;

import static io.horadus.verify.Numbers.format;
import static io.horadus.verify.Numbers.seconds;

/** A counter that must keep increasing: the runbook's processing stall. */
final class ProgressVerdict {

    private ProgressVerdict() {
    }

    static Check check(String name, ProgressRule rule, CounterReading reading, Instant now) {
        String selector = rule.getMetric();
        if (rule.getWithinSeconds() == null) {
            return new Check(name, false, "progress rule without withinSeconds");
        }
        if (reading.series() == 0) {
            return new Check(name, false, "no series matches " + selector);
        }
        String value = format(reading.value());
        if (reading.baseline()) {
            return new Check(name, true, selector + " " + value + ", baseline taken");
        }
        if (reading.increase() > 0) {
            return new Check(name, true, selector + " rose to " + value + " (+" + format(reading.increase())
                    + " in the last " + seconds(reading.window()) + ")");
        }
        Duration within = Duration.ofSeconds(rule.getWithinSeconds());
        Duration still = Duration.between(reading.lastIncrease(), now);
        if (still.compareTo(within) > 0) {
            return new Check(name, false, selector + " did not increase in " + seconds(within)
                    + " (stays " + value + " for " + seconds(still) + ")");
        }
        return new Check(name, true, selector + " stays " + value + " for " + seconds(still) + ", within " + seconds(within));
    }
}

package io.horadus.verify;

import io.horadus.api.MetricRuleSpec.RatioRule;
import io.horadus.release.port.VerificationReport.Check;

import static io.horadus.verify.Numbers.format;
import static io.horadus.verify.Numbers.seconds;

/** The increase of one counter over another's since the last scrape: the runbook's error-rate spike. */
final class RatioVerdict {

    static final double DEFAULT_MIN_DENOMINATOR_INCREASE = 1;

    private RatioVerdict() {
    }

    static Check check(String name, RatioRule rule, CounterReading numerator, CounterReading denominator) {
        if (rule.getMax() == null) {
            return new Check(name, false, "ratio rule without max");
        }
        // No numerator series is normal (no 5xx yet) and reads as 0; no denominator series is a wrong selector or a broken app.
        if (denominator.series() == 0) {
            return new Check(name, false, "no series matches " + rule.getDenominator());
        }
        if (numerator.baseline() || denominator.baseline()) {
            return new Check(name, true, "baseline taken, judged from the next scrape on");
        }
        String counts = "(" + format(numerator.increase()) + " of " + format(denominator.increase())
                + " in the last " + seconds(denominator.window()) + ")";
        if (Double.isNaN(numerator.increase()) || Double.isNaN(denominator.increase())) {
            return new Check(name, false, "ratio not a number " + counts);
        }
        double minDenominator = rule.getMinDenominatorIncrease() == null
                ? DEFAULT_MIN_DENOMINATOR_INCREASE : rule.getMinDenominatorIncrease();
        // Never judge 0 of 0, whatever minDenominatorIncrease says: no traffic is no error rate.
        if (denominator.increase() < minDenominator || denominator.increase() <= 0) {
            return new Check(name, true, "too little traffic to judge: " + format(denominator.increase()) + " in the last "
                    + seconds(denominator.window()) + ", below minDenominatorIncrease " + format(minDenominator));
        }
        double ratio = numerator.increase() / denominator.increase();
        if (ratio > rule.getMax()) {
            return new Check(name, false, "ratio " + format(ratio) + " > max " + format(rule.getMax()) + " " + counts);
        }
        return new Check(name, true, "ratio " + format(ratio) + " <= max " + format(rule.getMax()) + " " + counts);
    }
}

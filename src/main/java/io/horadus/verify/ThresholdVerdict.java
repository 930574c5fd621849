package io.horadus.verify;

import io.horadus.api.MetricRuleSpec.ThresholdRule;
import io.horadus.release.port.VerificationReport.Check;

import java.util.List;

import static io.horadus.verify.Numbers.format;

/** A gauge within bounds: the runbook's budget guardrail. */
final class ThresholdVerdict {

    private ThresholdVerdict() {
    }

    static Check check(String name, ThresholdRule rule, List<Sample> samples) {
        String selector = rule.getMetric();
        if (samples.isEmpty()) {
            return new Check(name, false, "no series matches " + selector);
        }
        double sum = samples.stream().mapToDouble(Sample::value).sum();
        // With several series the person reading needs to know the value is a sum, not one of them.
        String of = samples.size() > 1 ? " (sum of " + samples.size() + " series)" : "";
        Double min = rule.getMin();
        Double max = rule.getMax();
        String value = selector + " " + format(sum);
        if (Double.isNaN(sum) && (min != null || max != null)) {
            return new Check(name, false, selector + " is NaN" + of);
        }
        if (max != null && sum > max) {
            return new Check(name, false, value + " > max " + format(max) + of);
        }
        if (min != null && sum < min) {
            return new Check(name, false, value + " < min " + format(min) + of);
        }
        String bounds;
        if (min != null && max != null) {
            bounds = " within [" + format(min) + ", " + format(max) + "]";
        } else if (max != null) {
            bounds = " <= max " + format(max);
        } else if (min != null) {
            bounds = " >= min " + format(min);
        } else {
            bounds = "";
        }
        return new Check(name, true, value + bounds + of);
    }
}

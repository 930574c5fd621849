package io.horadus.verify;

import io.horadus.api.MetricRuleSpec;

/** Metric rules as a spec would hold them, for tests. */
final class Rules {

    private Rules() {
    }

    static MetricRuleSpec threshold(String name, String metric, Double min, Double max) {
        MetricRuleSpec.ThresholdRule threshold = new MetricRuleSpec.ThresholdRule();
        threshold.setMetric(metric);
        threshold.setMin(min);
        threshold.setMax(max);
        MetricRuleSpec rule = named(name);
        rule.setThreshold(threshold);
        return rule;
    }

    static MetricRuleSpec ratio(String name, String numerator, String denominator, double max, Double minDenominatorIncrease) {
        MetricRuleSpec.RatioRule ratio = new MetricRuleSpec.RatioRule();
        ratio.setNumerator(numerator);
        ratio.setDenominator(denominator);
        ratio.setMax(max);
        ratio.setMinDenominatorIncrease(minDenominatorIncrease);
        MetricRuleSpec rule = named(name);
        rule.setRatio(ratio);
        return rule;
    }

    static MetricRuleSpec errorRate(double max) {
        return ratio("error-rate", "http_requests_total{status=~\"5..\"}", "http_requests_total", max, null);
    }

    static MetricRuleSpec progress(String name, String metric, int withinSeconds) {
        MetricRuleSpec.ProgressRule progress = new MetricRuleSpec.ProgressRule();
        progress.setMetric(metric);
        progress.setWithinSeconds(withinSeconds);
        MetricRuleSpec rule = named(name);
        rule.setProgress(progress);
        return rule;
    }

    static MetricRuleSpec named(String name) {
        MetricRuleSpec rule = new MetricRuleSpec();
        rule.setName(name);
        return rule;
    }
}

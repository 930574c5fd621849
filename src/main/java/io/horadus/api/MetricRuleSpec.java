package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One named rule over the Prometheus text scraped from verify.metricsUrl: exactly one of threshold,
 * ratio or progress. The runbook's rollback criteria: a guardrail regression, an error-rate spike, a
 * processing stall.
 */
@ValidationRule(value = "(has(self.threshold) ? 1 : 0) + (has(self.ratio) ? 1 : 0) + (has(self.progress) ? 1 : 0) == 1",
        message = "a metric rule sets exactly one of threshold, ratio or progress")
public class MetricRuleSpec {

    @Required
    @Pattern(FieldRules.CHECK_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("The rule's name, as it appears in status, conditions and Events (e.g. error-rate).")
    private String name;

    @JsonPropertyDescription("A gauge that must stay within min and max (the budget guardrail).")
    private ThresholdRule threshold;

    @JsonPropertyDescription("The increase of one counter over the increase of another, between two scrapes, at most max (5xx over all requests: the error-rate spike).")
    private RatioRule ratio;

    @JsonPropertyDescription("A counter that must increase within a period (the processing stall).")
    private ProgressRule progress;

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public ThresholdRule getThreshold() { return threshold; }
    public void setThreshold(ThresholdRule threshold) { this.threshold = threshold; }
    public RatioRule getRatio() { return ratio; }
    public void setRatio(RatioRule ratio) { this.ratio = ratio; }
    public ProgressRule getProgress() { return progress; }
    public void setProgress(ProgressRule progress) { this.progress = progress; }

    /** Series selectors are PromQL's instant-vector selector, without functions: name{label="v",label=~"re"}. */
    public static class ThresholdRule {

        @Required
        @Pattern(FieldRules.METRIC_SELECTOR)
        @Size(max = FieldRules.SELECTOR_MAX)
        @JsonPropertyDescription("Series selector, e.g. horadus_budget_used_ratio or llm_spend_usd{provider=\"openai\"}; the values of matching series are summed.")
        private String metric;

        @JsonPropertyDescription("Lowest value that passes. Optional.")
        private Double min;

        @JsonPropertyDescription("Highest value that passes. Optional.")
        private Double max;

        public String getMetric() { return metric; }
        public void setMetric(String metric) { this.metric = metric; }
        public Double getMin() { return min; }
        public void setMin(Double min) { this.min = min; }
        public Double getMax() { return max; }
        public void setMax(Double max) { this.max = max; }
    }

    public static class RatioRule {

        @Required
        @Pattern(FieldRules.METRIC_SELECTOR)
        @Size(max = FieldRules.SELECTOR_MAX)
        @JsonPropertyDescription("Counter selector whose increase is counted, e.g. http_requests_total{status=~\"5..\"}.")
        private String numerator;

        @Required
        @Pattern(FieldRules.METRIC_SELECTOR)
        @Size(max = FieldRules.SELECTOR_MAX)
        @JsonPropertyDescription("Counter selector of all events, e.g. http_requests_total.")
        private String denominator;

        @Required
        @JsonPropertyDescription("Highest ratio that passes, e.g. 0.05.")
        private Double max;

        @JsonPropertyDescription("Below this increase of the denominator between two scrapes the ratio is not judged (too little traffic to mean anything). Default 1.")
        private Double minDenominatorIncrease;

        public String getNumerator() { return numerator; }
        public void setNumerator(String numerator) { this.numerator = numerator; }
        public String getDenominator() { return denominator; }
        public void setDenominator(String denominator) { this.denominator = denominator; }
        public Double getMax() { return max; }
        public void setMax(Double max) { this.max = max; }
        public Double getMinDenominatorIncrease() { return minDenominatorIncrease; }
        public void setMinDenominatorIncrease(Double minDenominatorIncrease) { this.minDenominatorIncrease = minDenominatorIncrease; }
    }

    public static class ProgressRule {

        @Required
        @Pattern(FieldRules.METRIC_SELECTOR)
        @Size(max = FieldRules.SELECTOR_MAX)
        @JsonPropertyDescription("Counter selector that must increase, e.g. horadus_items_processed_total.")
        private String metric;

        @Required
        @io.fabric8.generator.annotation.Min(FieldRules.INTERVAL_MIN)
        @io.fabric8.generator.annotation.Max(FieldRules.TIMEOUT_MAX)
        @JsonPropertyDescription("Seconds within which the counter must have increased.")
        private Integer withinSeconds;

        public String getMetric() { return metric; }
        public void setMetric(String metric) { this.metric = metric; }
        public Integer getWithinSeconds() { return withinSeconds; }
        public void setWithinSeconds(Integer withinSeconds) { this.withinSeconds = withinSeconds; }
    }
}

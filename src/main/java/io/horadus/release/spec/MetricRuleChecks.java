package io.horadus.release.spec;

import io.horadus.api.FieldRules;
import io.horadus.api.MetricRuleSpec;
import io.horadus.api.VerifySpec;

import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The spec checks of verify.metrics: what the schema says (names, selectors, one kind per rule,
 * bounds), and what it cannot say: rules need a metricsUrl, names are unique, min is not above max,
 * and the regular expressions in selectors compile.
 */
final class MetricRuleChecks {

    private static final Pattern NAME = Pattern.compile(FieldRules.CHECK_NAME);
    private static final Pattern SELECTOR = Pattern.compile(FieldRules.METRIC_SELECTOR);
    private static final Pattern REGEX_MATCHER = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*[=!]~\"((?:[^\"\\\\]|\\\\.)*)\"");

    private MetricRuleChecks() {
    }

    static void check(List<String> problems, VerifySpec verify) {
        var rules = verify.getMetrics();
        if (rules == null || rules.isEmpty()) {
            return;
        }
        if (rules.size() > FieldRules.METRIC_RULES_MAX) {
            problems.add("spec.verify.metrics holds more than " + FieldRules.METRIC_RULES_MAX + " rules");
        }
        if (verify.getMetricsUrl() == null || verify.getMetricsUrl().isBlank()) {
            problems.add("spec.verify.metrics needs spec.verify.metricsUrl to scrape");
        }
        var names = new HashSet<String>();
        for (int i = 0; i < rules.size(); i++) {
            var field = "spec.verify.metrics[" + i + "]";
            var rule = rules.get(i);
            if (rule == null || rule.getName() == null || rule.getName().length() > FieldRules.NAME_MAX || !NAME.matcher(rule.getName()).matches()) {
                problems.add(field + ".name must be a lowercase name (" + FieldRules.CHECK_NAME + ")");
            } else if (rule.getName().equals("health") || rule.getName().equals("metrics")) {
                problems.add(field + ".name '" + rule.getName() + "' is the name of a built-in check");
            } else if (!names.add(rule.getName())) {
                problems.add(field + ".name '" + rule.getName() + "' is used twice");
            }
            if (rule != null) {
                checkKind(problems, field, rule);
            }
        }
    }

    private static void checkKind(List<String> problems, String field, MetricRuleSpec rule) {
        var kinds = Stream.of(rule.getThreshold(), rule.getRatio(), rule.getProgress()).filter(k -> k != null).count();
        if (kinds != 1) {
            problems.add(field + " sets exactly one of threshold, ratio or progress");
            return;
        }
        if (rule.getThreshold() != null) {
            var threshold = rule.getThreshold();
            checkSelector(problems, field + ".threshold.metric", threshold.getMetric());
            if (isNaN(threshold.getMin()) || isNaN(threshold.getMax())) {
                problems.add(field + ".threshold min and max must be numbers");
            } else if (threshold.getMin() == null && threshold.getMax() == null) {
                problems.add(field + ".threshold needs min, max or both");
            } else if (threshold.getMin() != null && threshold.getMax() != null && threshold.getMin() > threshold.getMax()) {
                problems.add(field + ".threshold.min is above max");
            }
        } else if (rule.getRatio() != null) {
            var ratio = rule.getRatio();
            checkSelector(problems, field + ".ratio.numerator", ratio.getNumerator());
            checkSelector(problems, field + ".ratio.denominator", ratio.getDenominator());
            if (ratio.getMax() == null || isNaN(ratio.getMax()) || ratio.getMax() < 0) {
                problems.add(field + ".ratio.max must be a number of 0 or more");
            }
            var least = ratio.getMinDenominatorIncrease();
            if (least != null && (isNaN(least) || least < 0)) {
                problems.add(field + ".ratio.minDenominatorIncrease must be a number of 0 or more");
            }
        } else {
            var progress = rule.getProgress();
            checkSelector(problems, field + ".progress.metric", progress.getMetric());
            var within = progress.getWithinSeconds();
            if (within == null || within < FieldRules.INTERVAL_MIN || within > FieldRules.TIMEOUT_MAX) {
                problems.add(field + ".progress.withinSeconds must be " + FieldRules.INTERVAL_MIN + " to " + FieldRules.TIMEOUT_MAX);
            }
        }
    }

    private static boolean isNaN(Double value) {
        return value != null && value.isNaN();
    }

    private static void checkSelector(List<String> problems, String field, String selector) {
        if (selector == null || selector.length() > FieldRules.SELECTOR_MAX || !SELECTOR.matcher(selector).matches()) {
            problems.add(field + " must be a series selector such as name{label=\"value\"}");
            return;
        }
        var matchers = REGEX_MATCHER.matcher(selector);
        while (matchers.find()) {
            try {
                Pattern.compile(matchers.group(1).replace("\\\"", "\""), Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                problems.add(field + " holds a regular expression that does not compile: " + e.getDescription());
            }
        }
    }
}

package io.horadus.verify;

import io.horadus.api.MetricRuleSpec;
import io.horadus.release.port.VerificationReport.Check;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * spec.verify.metrics for one round: each rule a check named after it, judged on this round's page
 * and, for ratio and progress rules, on the release's previous rounds ({@link CounterMemory}).
 * Every selector is read once per round, however many rules name it.
 */
final class MetricRules {

    /** What the probe reads of a page; past it, sums would silently miss series. */
    private static final String CUT = "metrics unreadable: page longer than " + HttpProbe.BODY_LIMIT / 1024
            + " KiB, and rules need all of it";

    private final CounterMemory memory;
    private final Clock clock;

    MetricRules(CounterMemory memory, Clock clock) {
        this.memory = memory;
        this.clock = clock;
    }

    List<Check> checks(String release, List<MetricRuleSpec> rules, MetricsPage page) {
        if (rules == null || rules.isEmpty()) {
            return List.of();
        }
        if (page instanceof MetricsPage.Unavailable unavailable) {
            return failAll(rules, "metrics unavailable: " + unavailable.reason());
        }
        MetricsPage.Read read = (MetricsPage.Read) page;
        if (read.cut()) {
            return failAll(rules, CUT);
        }
        Scrape scrape = read.scrape();
        if (!scrape.readable()) {
            // Prometheus refuses such a page whole; judging what could be read might miss the very series a rule is about.
            int more = scrape.problemCount() - 1;
            return failAll(rules, "metrics unreadable: " + scrape.problems().get(0)
                    + (more > 0 ? " (and " + more + " more bad " + (more == 1 ? "line" : "lines") + ")" : ""));
        }
        Instant now = clock.instant();
        Selections selections = new Selections(scrape);
        Map<String, List<Sample>> counters = new LinkedHashMap<>();
        for (MetricRuleSpec rule : rules) {
            if (rule.getThreshold() == null) {
                counterSelectors(rule).forEach(selector -> selections.samples(selector).ifPresent(s -> counters.put(selector, s)));
            }
        }
        Map<String, CounterReading> readings = memory.read(release, counters, now);
        List<Check> checks = new ArrayList<>();
        for (MetricRuleSpec rule : rules) {
            checks.add(check(rule, selections, readings, now));
        }
        return checks;
    }

    private static Check check(MetricRuleSpec rule, Selections selections, Map<String, CounterReading> readings, Instant now) {
        String name = rule.getName();
        long kinds = Stream.of(rule.getThreshold(), rule.getRatio(), rule.getProgress()).filter(k -> k != null).count();
        if (kinds != 1) {
            return new Check(name, false, "a metric rule sets exactly one of threshold, ratio or progress");
        }
        for (String selector : selectors(rule)) {
            String problem = selections.problem(selector);
            if (problem != null) {
                return new Check(name, false, selector.isEmpty() ? problem : "selector " + selector + ": " + problem);
            }
        }
        if (rule.getThreshold() != null) {
            return ThresholdVerdict.check(name, rule.getThreshold(), selections.samples(text(rule.getThreshold().getMetric())).orElseThrow());
        }
        if (rule.getRatio() != null) {
            return RatioVerdict.check(name, rule.getRatio(),
                    readings.get(text(rule.getRatio().getNumerator())), readings.get(text(rule.getRatio().getDenominator())));
        }
        return ProgressVerdict.check(name, rule.getProgress(), readings.get(text(rule.getProgress().getMetric())), now);
    }

    private static List<String> selectors(MetricRuleSpec rule) {
        if (rule.getThreshold() != null) {
            return List.of(text(rule.getThreshold().getMetric()));
        }
        return counterSelectors(rule);
    }

    private static List<String> counterSelectors(MetricRuleSpec rule) {
        List<String> selectors = new ArrayList<>();
        if (rule.getRatio() != null) {
            selectors.add(text(rule.getRatio().getNumerator()));
            selectors.add(text(rule.getRatio().getDenominator()));
        }
        if (rule.getProgress() != null) {
            selectors.add(text(rule.getProgress().getMetric()));
        }
        return selectors;
    }

    /** A missing selector becomes "", which the selector parser refuses with "no selector". */
    private static String text(String selector) {
        return Objects.toString(selector, "");
    }

    private static List<Check> failAll(List<MetricRuleSpec> rules, String detail) {
        return rules.stream().map(rule -> new Check(rule.getName(), false, detail)).toList();
    }

    /** Each distinct selector of the round, parsed and matched against the page once. */
    private static final class Selections {

        private final Scrape scrape;
        private final Map<String, List<Sample>> samples = new HashMap<>();
        private final Map<String, String> problems = new HashMap<>();

        Selections(Scrape scrape) {
            this.scrape = scrape;
        }

        Optional<List<Sample>> samples(String selector) {
            select(selector);
            return Optional.ofNullable(samples.get(selector));
        }

        String problem(String selector) {
            select(selector);
            return problems.get(selector);
        }

        private void select(String selector) {
            if (samples.containsKey(selector) || problems.containsKey(selector)) {
                return;
            }
            try {
                samples.put(selector, Selector.parse(selector).select(scrape));
            } catch (SelectorException e) {
                problems.put(selector, e.getMessage());
            }
        }
    }
}

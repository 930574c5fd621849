package io.horadus.verify;

import io.horadus.api.MetricRuleSpec;
import io.horadus.release.port.VerificationReport.Check;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.horadus.verify.Rules.errorRate;
import static io.horadus.verify.Rules.progress;
import static io.horadus.verify.Rules.ratio;
import static io.horadus.verify.Rules.threshold;
import static org.assertj.core.api.Assertions.assertThat;

class MetricRulesTest {

    private static final String RELEASE = "default/horadus";
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final MetricRules rules = new MetricRules(new CounterMemory(), clock);

    @Nested
    class ErrorRate {

        private final List<MetricRuleSpec> spec = List.of(errorRate(0.05));

        @Test
        void firstRoundTakesTheBaselineThenASpikeFails() {
            assertThat(round(spec, requests(1000, 5))).containsExactly(pass("error-rate", "baseline taken, judged from the next scrape on"));
            assertThat(round(spec, requests(1099, 6)))
                    .containsExactly(pass("error-rate", "ratio 0.01 <= max 0.05 (1 of 100 in the last 10s)"));
            assertThat(round(spec, requests(1187, 18)))
                    .containsExactly(fail("error-rate", "ratio 0.12 > max 0.05 (12 of 100 in the last 10s)"));
        }

        @Test
        void flappingIsJudgedRoundByRoundNotOnTheTotal() {
            round(spec, requests(0, 0));
            List<Boolean> passed = new ArrayList<>();
            int ok = 0;
            int errors = 0;
            for (int i = 0; i < 6; i++) {
                int newErrors = i % 2 == 0 ? 0 : 20;
                ok += 100 - newErrors;
                errors += newErrors;
                passed.add(round(spec, requests(ok, errors)).get(0).passed());
            }

            assertThat(passed).containsExactly(true, false, true, false, true, false);
        }

        @Test
        void aCounterResetCountsTheNewValueAsTheIncrease() {
            round(spec, requests(5000, 20));

            // The app restarted: both counters start again from 0.
            assertThat(round(spec, requests(40, 10)))
                    .containsExactly(fail("error-rate", "ratio 0.2 > max 0.05 (10 of 50 in the last 10s)"));
            assertThat(round(spec, requests(140, 10)))
                    .containsExactly(pass("error-rate", "ratio 0 <= max 0.05 (0 of 100 in the last 10s)"));
        }

        @Test
        void aResetIsSeenPerSeriesSoOneRestartedSeriesDoesNotHideTheOthers() {
            round(spec, "http_requests_total{instance=\"a\",status=\"200\"} 1000\nhttp_requests_total{instance=\"b\",status=\"200\"} 500\n");

            List<Check> checks = round(spec, "http_requests_total{instance=\"a\",status=\"200\"} 1100\n"
                    + "http_requests_total{instance=\"b\",status=\"200\"} 20\n");

            assertThat(checks).containsExactly(pass("error-rate", "ratio 0 <= max 0.05 (0 of 120 in the last 10s)"));
        }

        @Test
        void noErrorSeriesYetIsZeroErrorsAndTheFirstOnesCount() {
            round(spec, "http_requests_total{status=\"200\"} 1000\n");
            assertThat(round(spec, "http_requests_total{status=\"200\"} 1100\n"))
                    .containsExactly(pass("error-rate", "ratio 0 <= max 0.05 (0 of 100 in the last 10s)"));

            // Client libraries create a labelled series on its first event: all 30 are new.
            assertThat(round(spec, "http_requests_total{status=\"200\"} 1170\nhttp_requests_total{status=\"503\"} 30\n"))
                    .containsExactly(fail("error-rate", "ratio 0.3 > max 0.05 (30 of 100 in the last 10s)"));
        }

        @Test
        void noDenominatorSeriesFails() {
            assertThat(round(spec, "other_total 3\n"))
                    .containsExactly(fail("error-rate", "no series matches http_requests_total"));
            assertThat(round(spec, "other_total 4\n"))
                    .containsExactly(fail("error-rate", "no series matches http_requests_total"));
        }

        @Test
        void tooLittleTrafficPassesAndSaysSo() {
            List<MetricRuleSpec> picky = List.of(ratio("error-rate", "http_requests_total{status=~\"5..\"}", "http_requests_total", 0.05, 50.0));
            round(picky, requests(100, 0));

            assertThat(round(picky, requests(110, 10))).containsExactly(pass("error-rate",
                    "too little traffic to judge: 20 in the last 10s, below minDenominatorIncrease 50"));
            assertThat(round(spec, requests(110, 10))).containsExactly(pass("error-rate",
                    "too little traffic to judge: 0 in the last 10s, below minDenominatorIncrease 1"));
        }

        @Test
        void noTrafficIsNeverJudgedEvenWithMinimumZero() {
            List<MetricRuleSpec> eager = List.of(ratio("error-rate", "http_requests_total{status=~\"5..\"}", "http_requests_total", 0.05, 0.0));
            round(eager, requests(100, 1));

            assertThat(round(eager, requests(100, 1))).singleElement().extracting(Check::passed).isEqualTo(true);
        }

        @Test
        void theWindowIsTheTimeSinceThePreviousReadableScrape() {
            rules.checks(RELEASE, spec, read(requests(1000, 0)));
            clock.advance(Duration.ofMillis(300));
            assertThat(rules.checks(RELEASE, spec, read(requests(1000, 0))).get(0).detail()).endsWith("in the last 0.3s, below minDenominatorIncrease 1");
            clock.advance(INTERVAL);
            rules.checks(RELEASE, spec, new MetricsPage.Unavailable("connection refused"));
            rules.checks(RELEASE, spec, read("broken line\n"));
            clock.advance(INTERVAL);

            assertThat(round(spec, requests(1100, 100)))
                    .containsExactly(fail("error-rate", "ratio 0.5 > max 0.05 (100 of 200 in the last 20s)"));
        }

        @Test
        void aNanCounterFailsTheRatio() {
            round(spec, requests(1000, 1));

            assertThat(round(spec, "http_requests_total{status=\"200\"} 1100\nhttp_requests_total{status=\"500\"} NaN\n"))
                    .containsExactly(fail("error-rate", "ratio not a number (NaN of NaN in the last 10s)"));
        }
    }

    @Nested
    class BudgetGuardrail {

        @Test
        void aGaugeWithinItsBoundsPassesAndOutsideFails() {
            List<MetricRuleSpec> spec = List.of(threshold("budget", "horadus_budget_used_ratio", null, 0.9));

            assertThat(round(spec, "horadus_budget_used_ratio 0.42\n"))
                    .containsExactly(pass("budget", "horadus_budget_used_ratio 0.42 <= max 0.9"));
            assertThat(round(spec, "horadus_budget_used_ratio 0.97\n"))
                    .containsExactly(fail("budget", "horadus_budget_used_ratio 0.97 > max 0.9"));
        }

        @Test
        void bothBoundsAndMinOnly() {
            List<MetricRuleSpec> spec = List.of(
                    threshold("pool", "db_pool_in_use", 1.0, 20.0),
                    threshold("workers", "worker_up", 2.0, null),
                    threshold("exposed", "worker_up", null, null));

            assertThat(round(spec, "db_pool_in_use 7\nworker_up 1\n")).containsExactly(
                    pass("pool", "db_pool_in_use 7 within [1, 20]"),
                    fail("workers", "worker_up 1 < min 2"),
                    pass("exposed", "worker_up 1"));
            assertThat(round(spec, "db_pool_in_use 0\nworker_up 3\n")).extracting(Check::detail).containsExactly(
                    "db_pool_in_use 0 < min 1", "worker_up 3 >= min 2", "worker_up 3");
        }

        @Test
        void matchingSeriesAreSummedAndTheDetailSaysSo() {
            List<MetricRuleSpec> spec = List.of(threshold("spend", "llm_spend_usd{provider=~\"openai|anthropic\"}", null, 100.0));

            assertThat(round(spec, "llm_spend_usd{provider=\"openai\"} 60.5\nllm_spend_usd{provider=\"anthropic\"} 45.25\n"
                    + "llm_spend_usd{provider=\"local\"} 1000\n"))
                    .containsExactly(fail("spend", "llm_spend_usd{provider=~\"openai|anthropic\"} 105.8 > max 100 (sum of 2 series)"));
        }

        @Test
        void noMatchingSeriesFails() {
            List<MetricRuleSpec> spec = List.of(threshold("budget", "horadus_budget_used_ratio", null, 0.9));

            assertThat(round(spec, "horadus_budget_used_total 0.1\n"))
                    .containsExactly(fail("budget", "no series matches horadus_budget_used_ratio"));
        }

        @Test
        void aNanGaugeIsNotWithinBounds() {
            List<MetricRuleSpec> spec = List.of(threshold("budget", "horadus_budget_used_ratio", null, 0.9));

            assertThat(round(spec, "horadus_budget_used_ratio NaN\n"))
                    .containsExactly(fail("budget", "horadus_budget_used_ratio is NaN"));
        }
    }

    @Nested
    class ProcessingStall {

        private final List<MetricRuleSpec> spec = List.of(progress("processing", "horadus_items_processed_total", 300));

        @Test
        void aCounterThatStopsFailsOnceWithinSecondsHavePassed() {
            assertThat(round(spec, "horadus_items_processed_total 4000\n"))
                    .containsExactly(pass("processing", "horadus_items_processed_total 4000, baseline taken"));
            assertThat(round(spec, "horadus_items_processed_total 4211\n"))
                    .containsExactly(pass("processing", "horadus_items_processed_total rose to 4211 (+211 in the last 10s)"));
            clock.advance(Duration.ofSeconds(290));
            assertThat(round(spec, "horadus_items_processed_total 4211\n"))
                    .containsExactly(pass("processing", "horadus_items_processed_total stays 4211 for 300s, within 300s"));
            assertThat(round(spec, "horadus_items_processed_total 4211\n"))
                    .containsExactly(fail("processing", "horadus_items_processed_total did not increase in 300s (stays 4211 for 310s)"));
            assertThat(round(spec, "horadus_items_processed_total 4212\n"))
                    .containsExactly(pass("processing", "horadus_items_processed_total rose to 4212 (+1 in the last 10s)"));
        }

        @Test
        void aCounterNeverSeenToIncreaseFailsFromItsBaseline() {
            rules.checks(RELEASE, spec, read("horadus_items_processed_total 0\n"));
            clock.advance(Duration.ofSeconds(301));

            assertThat(rules.checks(RELEASE, spec, read("horadus_items_processed_total 0\n")))
                    .containsExactly(fail("processing", "horadus_items_processed_total did not increase in 300s (stays 0 for 301s)"));
        }

        @Test
        void aRestartToZeroIsNoProgressButARestartThatProcessedIs() {
            round(spec, "horadus_items_processed_total 4000\n");

            assertThat(round(spec, "horadus_items_processed_total 0\n")).extracting(Check::detail)
                    .containsExactly("horadus_items_processed_total stays 0 for 10s, within 300s");
            assertThat(round(spec, "horadus_items_processed_total 5\n")).extracting(Check::detail)
                    .containsExactly("horadus_items_processed_total rose to 5 (+5 in the last 10s)");
        }

        @Test
        void aMissingCounterFailsAtOnce() {
            assertThat(round(spec, "other_total 1\n"))
                    .containsExactly(fail("processing", "no series matches horadus_items_processed_total"));
        }

        @Test
        void ratioAndProgressOverTheSameCounterSeeTheSameIncrease() {
            List<MetricRuleSpec> both = List.of(errorRate(0.05), progress("serving", "http_requests_total", 60));
            round(both, requests(100, 0));

            assertThat(round(both, requests(150, 0))).containsExactly(
                    pass("error-rate", "ratio 0 <= max 0.05 (0 of 50 in the last 10s)"),
                    pass("serving", "http_requests_total rose to 150 (+50 in the last 10s)"));
        }
    }

    @Nested
    class UnusablePagesAndRules {

        private final List<MetricRuleSpec> spec = List.of(
                errorRate(0.05),
                threshold("budget", "horadus_budget_used_ratio", null, 0.9),
                progress("processing", "horadus_items_processed_total", 300));

        @Test
        void withoutAPageEveryRuleFailsWithTheProbesReason() {
            assertThat(rules.checks(RELEASE, spec, new MetricsPage.Unavailable("connection refused"))).containsExactly(
                    fail("error-rate", "metrics unavailable: connection refused"),
                    fail("budget", "metrics unavailable: connection refused"),
                    fail("processing", "metrics unavailable: connection refused"));
        }

        @Test
        void aMalformedPageFailsEveryRuleWithTheFirstBadLine() {
            String page = requests(100, 1) + "horadus_budget_used_ratio 0.5\nhoradus_items_processed_total{queue=\"a} 1\n"
                    + "oops\nhoradus_items_processed_total 7 yesterday\n";

            assertThat(round(spec, page)).extracting(Check::detail).containsOnly(
                    "metrics unreadable: line 5: value of label 'queue' not closed with '\"' (and 2 more bad lines)");
            assertThat(round(spec, requests(100, 1) + "horadus_budget_used_ratio 0.5\nhoradus_items_processed_total 1 x\n"))
                    .extracting(Check::detail).containsOnly("metrics unreadable: line 5: invalid timestamp 'x'");
        }

        @Test
        void aPageCutAtTheProbeLimitIsNotJudgedPartly() {
            assertThat(rules.checks(RELEASE, spec, new MetricsPage.Read(PrometheusTextParser.parse(requests(1, 1)), true)))
                    .extracting(Check::detail).containsOnly("metrics unreadable: page longer than 256 KiB, and rules need all of it");
        }

        @Test
        void anInvalidRegexFailsItsRuleByNameAndTheOthersAreStillJudged() {
            List<MetricRuleSpec> withBadRegex = List.of(
                    ratio("error-rate", "http_requests_total{status=~\"5((\"}", "http_requests_total", 0.05, null),
                    threshold("budget", "horadus_budget_used_ratio", null, 0.9));

            assertThat(round(withBadRegex, requests(100, 1) + "horadus_budget_used_ratio 0.5\n")).containsExactly(
                    fail("error-rate", "selector http_requests_total{status=~\"5((\"}: invalid regex \"5((\" for label status: Unclosed group"),
                    pass("budget", "horadus_budget_used_ratio 0.5 <= max 0.9"));
        }

        @Test
        void aRuleWithNoKindOrTwoKindsFails() {
            MetricRuleSpec none = Rules.named("nothing");
            MetricRuleSpec two = threshold("two", "x", null, 1.0);
            two.setProgress(progress("two", "x", 60).getProgress());

            assertThat(round(List.of(none, two), "x 1\n")).containsExactly(
                    fail("nothing", "a metric rule sets exactly one of threshold, ratio or progress"),
                    fail("two", "a metric rule sets exactly one of threshold, ratio or progress"));
        }

        @Test
        void aRuleWithoutASelectorFailsWithoutReadingAMetricCalledNull() {
            List<MetricRuleSpec> nameless = List.of(threshold("budget", null, null, 0.9));

            assertThat(round(nameless, "null 0.1\n")).containsExactly(fail("budget", "no selector"));
        }

        @Test
        void noRulesNoChecks() {
            assertThat(rules.checks(RELEASE, List.of(), new MetricsPage.Unavailable("no metricsUrl"))).isEmpty();
            assertThat(rules.checks(RELEASE, null, new MetricsPage.Unavailable("no metricsUrl"))).isEmpty();
        }
    }

    @Nested
    class Releases {

        private final List<MetricRuleSpec> spec = List.of(errorRate(0.05));

        @Test
        void twoReleasesDoNotShareBaselines() {
            rules.checks("prod/a", spec, read(requests(1000, 0)));

            assertThat(rules.checks("prod/b", spec, read(requests(1100, 100))))
                    .containsExactly(pass("error-rate", "baseline taken, judged from the next scrape on"));
            clock.advance(INTERVAL);
            assertThat(rules.checks("prod/a", spec, read(requests(1100, 0))))
                    .containsExactly(pass("error-rate", "ratio 0 <= max 0.05 (0 of 100 in the last 10s)"));
            assertThat(rules.checks("prod/b", spec, read(requests(1190, 110))))
                    .containsExactly(fail("error-rate", "ratio 0.1 > max 0.05 (10 of 100 in the last 10s)"));
        }

        @Test
        void aReleaseNotReadForAnHourStartsFromABaselineAgain() {
            round(spec, requests(1000, 0));
            clock.advance(CounterMemory.FORGET_AFTER);

            assertThat(round(spec, requests(2000, 900))).containsExactly(pass("error-rate", "baseline taken, judged from the next scrape on"));
        }

        @Test
        void theMemoryHoldsAtMostItsCapForgettingTheLongestUnread() {
            CounterMemory memory = new CounterMemory(CounterMemory.FORGET_AFTER, 2);
            MetricRules capped = new MetricRules(memory, clock);
            for (String release : List.of("ns/one", "ns/two", "ns/three")) {
                capped.checks(release, spec, read(requests(100, 0)));
                clock.advance(Duration.ofSeconds(1));
            }

            assertThat(memory.size()).isEqualTo(2);
            assertThat(capped.checks("ns/one", spec, read(requests(200, 0)))).extracting(Check::detail)
                    .containsExactly("baseline taken, judged from the next scrape on");
            assertThat(capped.checks("ns/three", spec, read(requests(200, 0)))).extracting(Check::detail)
                    .containsExactly("ratio 0 <= max 0.05 (0 of 100 in the last 1s)");
        }

        @Test
        void releasesVerifiedInParallelKeepTheirOwnCounts() throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                List<String> expected = new ArrayList<>();
                for (int r = 0; r < 8; r++) {
                    String release = "ns/release-" + r;
                    int step = 100 * (r + 1);
                    String expectedDetail = "ratio 0 <= max 0.05 (0 of " + step + " in the last 0s)";
                    expected.add(expectedDetail);
                    results.add(pool.submit(() -> {
                        List<String> details = new ArrayList<>();
                        for (int round = 1; round <= 200; round++) {
                            details.add(rules.checks(release, spec, read(requests(step * round, 0))).get(0).detail());
                        }
                        return details;
                    }));
                }
                for (int r = 0; r < 8; r++) {
                    List<String> details = results.get(r).get();
                    assertThat(details.get(0)).isEqualTo("baseline taken, judged from the next scrape on");
                    assertThat(details.subList(1, details.size())).containsOnly(expected.get(r));
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** One verification round of {@link #RELEASE}, then the clock moves on by one interval. */
    private List<Check> round(List<MetricRuleSpec> spec, String page) {
        List<Check> checks = rules.checks(RELEASE, spec, read(page));
        clock.advance(INTERVAL);
        return checks;
    }

    private static MetricsPage read(String page) {
        return new MetricsPage.Read(PrometheusTextParser.parse(page), false);
    }

    private static String requests(int ok, int errors) {
        String page = "# TYPE http_requests_total counter\nhttp_requests_total{status=\"200\"} " + ok + "\n";
        return errors == 0 ? page : page + "http_requests_total{status=\"500\"} " + errors + "\n";
    }

    private static Check pass(String name, String detail) {
        return new Check(name, true, detail);
    }

    private static Check fail(String name, String detail) {
        return new Check(name, false, detail);
    }
}

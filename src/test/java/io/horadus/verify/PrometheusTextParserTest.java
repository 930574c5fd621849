package io.horadus.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "up 1",
            "horadus_build_info{version=\"v1.0.0\"} 1",
            "http_requests_total{method=\"post\",code=\"200\"} 1027 1395066363000",
            "latency_bucket{le=\"+Inf\"} 3.5e2",
            "weird{path=\"/a}b\",quote=\"say \\\"hi\\\"\"} 0",
            "trailing_comma{a=\"b\",} -1.5",
            "nothing_yet NaN",
            "neg_inf -Inf",
            "ns:rule:sum .5",
            "spaced  {a=\"b\"}\t42",
            "with_exemplar_total 3 # {trace_id=\"abc\"} 1.0",
            "with_exemplar_and_time_total 3 1395066363000 # {trace_id=\"abc\"} 1.0",
            "openmetrics_seconds_timestamp 3 1520879607.789",
            "{\"utf8.metric.name\", zone=\"eu\"} 7",
            "quoted_label{\"my.label\"=\"x\"} 7",
            "  indented 1  ",
            "no_blank_after_labels{a=\"b\"}1",
    })
    void aValidLineIsOneSample(String line) {
        Scrape scrape = PrometheusTextParser.parse(line);

        assertThat(scrape.problems()).isEmpty();
        assertThat(scrape.samplesByName().values()).singleElement().asList().hasSize(1);
    }

    @Test
    void samplesKeepNameLabelsAndValue() {
        Scrape scrape = PrometheusTextParser.parse("""
                # HELP http_requests_total Requests served.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{code="500", method="get"} 3
                """);

        assertThat(scrape.readable()).isTrue();
        assertThat(scrape.samples("http_requests_total")).containsExactly(
                new Sample(new Series("http_requests_total", Map.of("method", "post", "code", "200")), 1027),
                new Sample(new Series("http_requests_total", Map.of("method", "get", "code", "500")), 3));
    }

    @Test
    void labelValuesUnescapeBackslashQuoteAndNewlineAndKeepOtherPairsAsWritten() {
        Scrape scrape = PrometheusTextParser.parse("x{a=\"back\\\\slash \\\"quoted\\\" two\\nlines\",b=\"tab\\there\"} 1");

        Series series = scrape.samples("x").get(0).series();
        assertThat(series.labels()).containsEntry("a", "back\\slash \"quoted\" two\nlines").containsEntry("b", "tab\\there");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "x 42           | 42",
            "x -1.5E-2      | -0.015",
            "x 1e3          | 1000",
            "x +.5          | 0.5",
            "x 7.           | 7",
            "x +Inf         | Infinity",
            "x -inf         | -Infinity",
            "x Infinity     | Infinity",
            "x NaN          | NaN",
            "x nan          | NaN",
    })
    void valuesAsPrometheusWritesThem(String line, double expected) {
        assertThat(Double.valueOf(valueOf(line))).isEqualTo(Double.valueOf(expected));
    }

    @Test
    void commentsBlankLinesAndEofAreNotSamples() {
        Scrape scrape = PrometheusTextParser.parse("""
                # a free comment, with anything: {}"\\
                #
                # UNIT x_seconds seconds

                # HELP x_seconds A help text may say "anything", even \\n escapes.
                # HELP only_a_name
                # TYPE x_seconds gauge
                # TYPE y gaugehistogram
                # EOF
                """);

        assertThat(scrape.hasSample()).isFalse();
        assertThat(scrape.readable()).isTrue();
    }

    @Test
    void windowsLineEndingsAreRead() {
        Scrape scrape = PrometheusTextParser.parse("# TYPE x counter\r\nx 1\r\ny{a=\"b\"} 2\r\n");

        assertThat(scrape.readable()).isTrue();
        assertThat(scrape.samples("y")).extracting(Sample::value).containsExactly(2.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "up                                  | line 1: no value for 'up'",
            "up one                              | line 1: invalid value 'one'",
            "up 0x1F                             | line 1: invalid value '0x1F'",
            "1up 1                               | line 1: invalid metric name '1up'",
            "up-time 1                           | line 1: invalid metric name 'up-'",
            "<html><body>Welcome                 | line 1: invalid metric name '<html><body>Welcome'",
            "`{\"status\": \"UP\"}`              | line 1: expected ',' or '}' in labels",
            "`broken{label=\"unterminated} 1`    | line 1: value of label 'label' not closed with '\"'",
            "`open{a=\"b\" 1`                    | line 1: expected ',' or '}' in labels",
            "`open{a=\"b\",`                     | line 1: labels not closed with '}'",
            "`dup{a=\"1\",a=\"2\"} 1`            | line 1: duplicate label 'a'",
            "`bare{a=1} 1`                       | line 1: label 'a' has no quoted value",
            "`noeq{a} 1`                         | line 1: no '=' after label 'a'",
            "`badlabel{1a=\"x\"} 1`              | line 1: invalid label name at '1a=\"x\"} 1'",
            "`nolabelsname{} `                   | line 1: no value for 'nolabelsname'",
            "`{} 1`                              | line 1: no metric name",
            "up 1 2 3                            | line 1: unexpected text after the value: '3'",
            "up 1 yesterday                      | line 1: invalid timestamp 'yesterday'",
            "# HELP                              | line 1: HELP without a metric name",
            "# TYPE x                            | line 1: TYPE needs a metric name and a type",
            "# TYPE x counter extra              | line 1: TYPE needs a metric name and a type",
            "# TYPE x countr                     | line 1: unknown type 'countr'",
            "# TYPE x Counter                    | line 1: unknown type 'Counter'",
    })
    void aMalformedLineIsReportedNotThrown(String line, String problem) {
        Scrape scrape = PrometheusTextParser.parse(line);

        assertThat(scrape.problems()).containsExactly(problem);
        assertThat(scrape.problemCount()).isEqualTo(1);
        assertThat(scrape.readable()).isFalse();
    }

    @Test
    void goodLinesAroundBadOnesAreStillRead() {
        Scrape scrape = PrometheusTextParser.parse("""
                # TYPE a counter
                a_total 1
                a_total{x="1"} oops
                b 2
                """);

        assertThat(scrape.problems()).containsExactly("line 3: invalid value 'oops'");
        assertThat(scrape.samples("a_total")).hasSize(1);
        assertThat(scrape.samples("b")).hasSize(1);
    }

    @Test
    void aRepeatedSeriesIsAProblemSinceSummingItWouldCountItTwice() {
        Scrape scrape = PrometheusTextParser.parse("""
                x{a="1",b="2"} 1
                x{b="2",a="1"} 5
                x{a="1"} 1
                """);

        assertThat(scrape.problems()).containsExactly("line 2: duplicate series 'x'");
        assertThat(scrape.samples("x")).extracting(Sample::value).containsExactly(1.0, 1.0);
    }

    @Test
    void onlyTheFirstFewProblemsAreKeptButAllAreCounted() {
        String page = "ok 1\n" + "bad line\n".repeat(10) + "also_ok 2\n";

        Scrape scrape = PrometheusTextParser.parse(page);

        assertThat(scrape.problems()).hasSize(PrometheusTextParser.PROBLEMS_KEPT)
                .containsExactly("line 2: invalid value 'line'", "line 3: invalid value 'line'", "line 4: invalid value 'line'");
        assertThat(scrape.problemCount()).isEqualTo(10);
        assertThat(scrape.samplesByName()).containsOnlyKeys("ok", "also_ok");
    }

    @Test
    void aLongBadTokenIsCutInTheProblem() {
        Scrape scrape = PrometheusTextParser.parse("x " + "9".repeat(10) + "z".repeat(500));

        assertThat(scrape.problems()).singleElement().asString().hasSizeLessThan(60).endsWith("…'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ok", "ok v1.0.0", "{\"status\": \"UP\"}", "<!doctype html>\n<html></html>", "# HELP x y\n# TYPE x counter\n"})
    void pagesThatAreNotMetricsHaveNoSample(String page) {
        assertThat(PrometheusTextParser.parse(page).hasSample()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "   \n\t\n"})
    void anEmptyPageIsReadableWithoutSamples(String page) {
        Scrape scrape = PrometheusTextParser.parse(page);

        assertThat(scrape.readable()).isTrue();
        assertThat(scrape.hasSample()).isFalse();
    }

    private static double valueOf(String line) {
        Scrape scrape = PrometheusTextParser.parse(line);
        assertThat(scrape.problems()).isEmpty();
        return scrape.samples("x").get(0).value();
    }
}

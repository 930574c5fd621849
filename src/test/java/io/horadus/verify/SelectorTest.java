package io.horadus.verify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectorTest {

    private static final Scrape PAGE = PrometheusTextParser.parse("""
            http_requests_total{status="200",path="/api"} 100
            http_requests_total{status="500",path="/api"} 7
            http_requests_total{status="503",path="/health"} 2
            http_requests_total{status="5000",path="/odd"} 1000
            http_requests_total{path="/nostatus"} 10000
            http_requests_total{status="500",path="/api/v1.json"} 20000
            http_requests_total{status="500",path="/api/v1xjson"} 40000
            other_total{status="500"} 1
            multi{text="two\\nlines"} 1
            """);

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "http_requests_total                                       | 71109",
            "`http_requests_total{status=\"500\"}`                     | 60007",
            "`http_requests_total{status!=\"500\"}`                    | 11102",
            "`http_requests_total{status=~\"5..\"}`                    | 60009",
            "`http_requests_total{status!~\"5..\"}`                    | 11100",
            "`http_requests_total{status=~\"5..\",path=\"/api\"}`      | 7",
            "`http_requests_total{status=\"\"}`                        | 10000",
            "`http_requests_total{status!=\"\"}`                       | 61109",
            "`http_requests_total{status=~\".*\"}`                     | 71109",
            "`http_requests_total{status=~\"50\"}`                     | 0",
            "`http_requests_total{status=~\"2..|5..\"}`                | 60109",
            "`http_requests_total{path=~\"/api/v1\\\\.json\"}`         | 20000",
            "`http_requests_total{path=~\"/api/v1.json\"}`             | 60000",
            "`http_requests_total{__name__=~\"http_.*\",status=\"200\"}` | 100",
            "`http_requests_total{}`                                   | 71109",
            "`multi{text=~\"two.lines\"}`                              | 1",
            "`multi{text=\"two\\nlines\"}`                             | 1",
            "missing_total                                             | 0",
    })
    void matchingSeriesAreSummedWithPromqlMeaning(String selector, double sum) throws SelectorException {
        List<Sample> selected = Selector.parse(selector).select(PAGE);

        assertThat(selected.stream().mapToDouble(Sample::value).sum()).isEqualTo(sum);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                                     | no selector",
            "1abc                                   | no metric name at '1abc'",
            "`x{a}`                                 | no =, !=, =~ or !~ after label a",
            "`x{a=\"1\"`                            | expected ',' at the end",
            "`x{a=\"1`                              | value of label a not closed with '\"'",
            "`x{a=\"1\"} extra`                     | unexpected text after the selector: extra",
            "`x{a=\"1\",}`                          | no label name at '}'",
            "`x{a=1}`                               | expected '\"' at '1}'",
            "x y                                    | expected '{' at 'y'",
            "`x{a=~\"5((\"}`                        | invalid regex \"5((\" for label a: Unclosed group",
            "`x{a!~\"[\"}`                          | invalid regex \"[\" for label a: Unclosed character class",
            "`x{a=~\"\\.json\"}`                    | unknown escape \\. in the value of label a (a regex escape needs a doubled backslash, as in PromQL)",
    })
    void anUnusableSelectorSaysWhy(String selector, String reason) {
        assertThatThrownBy(() -> Selector.parse(selector)).isInstanceOf(SelectorException.class).hasMessage(reason);
    }

    @Test
    void aRegexThatBacktracksWithoutEndIsStoppedAndNamed() throws SelectorException {
        // Unbounded, this one match takes Java's regex engine about a minute.
        Scrape page = PrometheusTextParser.parse("x{a=\"" + "a".repeat(30) + "!\"} 1");
        Selector selector = Selector.parse("x{a=~\"(.*a){20}\"}");

        long start = System.nanoTime();
        assertThatThrownBy(() -> selector.select(page)).isInstanceOf(SelectorException.class)
                .hasMessageStartingWith("regex \"(.*a){20}\" for label a takes too long on value \"aaaa");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aLargeOrdinaryPageStaysWithinTheBudget() throws SelectorException {
        // About as many series as fit in the probe's 256 KiB.
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            page.append("http_requests_total{path=\"/api/v1/items/").append(i).append("/details\",status=\"")
                    .append(i % 100 == 0 ? 500 : 200).append("\"} 1\n");
        }

        List<Sample> selected = Selector.parse("http_requests_total{path=~\"/api/.*/details\",status=~\"5..\"}")
                .select(PrometheusTextParser.parse(page.toString()));

        assertThat(selected).hasSize(50);
    }

    @Test
    void aCostlyLookingRegexOnOrdinaryValuesStillMatches() throws SelectorException {
        Scrape page = PrometheusTextParser.parse("x{a=\"" + "a".repeat(1000) + "b\"} 1");

        assertThat(Selector.parse("x{a=~\"(a+)+b\"}").select(page)).hasSize(1);
    }
}

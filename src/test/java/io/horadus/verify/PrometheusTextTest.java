package io.horadus.verify;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusTextTest {

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
            "{\"utf8.metric.name\", zone=\"eu\"} 7",
    })
    void sampleLines(String line) {
        assertThat(PrometheusText.isSample(line)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "# HELP up Whether up.",
            "# TYPE up gauge",
            "ok",
            "ok v1.0.0",
            "<html><body>Welcome</body></html>",
            "{\"status\": \"UP\"}",
            "up",
            "up one",
            "1up 1",
            "broken{label=\"unterminated} 1",
            "up 1 2 3",
    })
    void notSampleLines(String line) {
        assertThat(PrometheusText.isSample(line)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n\n", "# HELP x y\n# TYPE x counter\n", "<!doctype html>\n<html></html>"})
    void pagesWithoutSamples(String page) {
        assertThat(PrometheusText.hasSample(page)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"# TYPE x counter\nx_total 3\n", "\r\n  x 1\r\n", "# EOF\nx 1"})
    void pagesWithASample(String page) {
        assertThat(PrometheusText.hasSample(page)).isTrue();
    }
}

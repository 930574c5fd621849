package io.horadus.install;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlNamesTest {

    @Test
    void aggregationsFunctionsAndTheirLabelListsAreNotNames() {
        assertThat(PromQlNames.of("histogram_quantile(0.9, sum by (le, step) (rate(horadus_step_duration_seconds_bucket[$__rate_interval])))"))
                .containsExactly("horadus_step_duration_seconds_bucket");
        assertThat(PromQlNames.of("max by (namespace, name) (horadus_release_info{phase!~\"Ready|AwaitingApproval\"}) == 1"))
                .containsExactly("horadus_release_info");
    }

    @Test
    void everySelectorOfABinaryExpressionCounts() {
        assertThat(PromQlNames.of("""
                sum by (step, result) (rate(a_sum[5m])) / sum by (step, result) (rate(a_count[5m]))
                or
                (count(up{job="x"} == 1) * 0 unless on() count(horadus_leader{job="x"}))
                """)).containsExactly("a_count", "a_sum", "horadus_leader", "up");
        assertThat(PromQlNames.of("(horadus_rollbacks_total unless horadus_rollbacks_total offset 15m) and on (job, instance) (up offset 15m == 1)"))
                .containsExactly("horadus_rollbacks_total", "up");
    }

    @Test
    void stringsMatchersNumbersAndGrafanaVariablesAreNotNames() {
        assertThat(PromQlNames.of("count by (phase) (horadus_release_info{namespace=~\"$namespace\", name=\"sum(x)\"}) > 1e3"))
                .containsExactly("horadus_release_info");
        assertThat(PromQlNames.of("absent(up{job=\"horadus-release-operator-metrics\"} == 1)")).containsExactly("up");
        assertThat(PromQlNames.of("sum(jvm_memory_used_bytes{area=\"heap\"}) by (instance)")).containsExactly("jvm_memory_used_bytes");
    }

    @Test
    void grafanasLabelValuesNamesItsSelector() {
        assertThat(PromQlNames.of("label_values(horadus_release_info, namespace)")).containsExactly("horadus_release_info");
        assertThat(PromQlNames.of("label_values(horadus_release_info{phase=\"Ready\"}, name)")).containsExactly("horadus_release_info");
    }

    @Test
    void aMetricNameWithColonsFromARecordingRule() {
        assertThat(PromQlNames.of("job:horadus_rollbacks:rate5m > 0")).containsExactly("job:horadus_rollbacks:rate5m");
    }

    @Test
    void labelsGroupedByAndMatchedButNotThoseOfPrometheusOrBuckets() {
        assertThat(PromQlNames.labels("histogram_quantile(0.9, sum by (le, step) (rate(x_bucket{result=\"Failed\"}[5m])))"))
                .containsExactly("result", "step");
        assertThat(PromQlNames.labels("max by (namespace, name) (horadus_release_info{phase!~\"Ready|A\", namespace=~\"$namespace\"}) == 1"))
                .containsExactly("name", "namespace", "phase");
        assertThat(PromQlNames.labels("sum(up{job=\"a={b}\"}) and on (job, instance) (up offset 15m == 1)")).isEmpty();
        assertThat(PromQlNames.labels("label_values(horadus_release_info, namespace)")).isEmpty();
    }
}

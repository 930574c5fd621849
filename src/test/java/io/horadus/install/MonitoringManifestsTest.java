package io.horadus.install;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The monitoring component's files agree with each other: the PrometheusRule carries the tested rule file, the dashboard has queries. */
class MonitoringManifestsTest {

    @Test
    @DisplayName("prometheusrule.yaml's spec is alerts.yaml line for line (the file promtool tests is the one the Prometheus Operator loads)")
    void prometheusRuleCarriesTheTestedRuleFile() throws Exception {
        var rule = Files.readString(MonitoringFiles.PROMETHEUS_RULE);
        var spec = rule.substring(rule.indexOf("\nspec:\n") + "\nspec:\n".length());
        var expected = Files.readAllLines(MonitoringFiles.ALERTS).stream()
                .filter(line -> !line.startsWith("#"))
                .map(line -> line.isEmpty() ? line : "  " + line)
                .collect(Collectors.joining("\n", "", "\n"));
        assertThat(spec).as("prometheusrule.yaml differs from alerts.yaml: run tools/sync-prometheus-rule.sh").isEqualTo(expected);

        var parsed = new YAMLMapper().readTree(rule);
        assertThat(parsed.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(parsed.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(parsed.path("spec")).isEqualTo(MonitoringFiles.read(new YAMLMapper(), MonitoringFiles.ALERTS));
    }

    @Test
    @DisplayName("the alerts the issue asks for, each with a severity and a summary")
    void theAlerts() {
        assertThat(MonitoringFiles.alertQueries()).extracting(MonitoringFiles.Query::where).containsExactly(
                "alert HoradusReleaseStalled", "alert HoradusReleaseRolledBack", "alert HoradusVerificationFailing",
                "alert HoradusOperatorDown", "alert HoradusOperatorWithoutLeader");
        for (var group : MonitoringFiles.read(new YAMLMapper(), MonitoringFiles.ALERTS).path("groups")) {
            for (var rule : group.path("rules")) {
                assertThat(rule.path("labels").path("severity").asText()).as(rule.path("alert").asText()).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as(rule.path("alert").asText()).isNotBlank();
            }
        }
    }

    @Test
    @DisplayName("every dashboard panel but the rows has a query, and the queries name the release metrics the issue lists")
    void dashboardQueries() {
        var queries = MonitoringFiles.dashboardQueries();
        assertThat(queries).allSatisfy(q -> assertThat(q.expr()).as(q.where()).isNotBlank());
        assertThat(queries.stream().flatMap(q -> q.metricNames().stream()).collect(Collectors.toSet())).contains(
                "horadus_release_info", "horadus_rollbacks_total", "horadus_step_duration_seconds_bucket",
                "horadus_gate_duration_seconds_bucket", "horadus_check_failures_total", "horadus_check_rounds_total",
                "horadus_failed_rounds", "horadus_round_duration_seconds_bucket", "horadus_round_lateness_seconds_bucket");
    }
}

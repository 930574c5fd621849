package io.horadus.install;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.horadus.testing.Commands;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts of manifests/components/monitoring through Prometheus's own promtool (Debian's prometheus
 * package, installed by tools/install-deps.sh): the rule file is valid, every case of alerts-test.yaml
 * passes, each alert has a case where it fires and one where it does not, and the dashboard's queries
 * are valid PromQL.
 */
class AlertRulesIT {

    private static final YAMLMapper YAML = new YAMLMapper();

    @BeforeAll
    static void promtoolIsInstalled() {
        var version = Commands.run(List.of("sh", "-c", "command -v promtool && promtool --version"));
        assertThat(version.succeeded()).as("promtool is missing: install Debian's prometheus package (tools/install-deps.sh does): %s", version).isTrue();
    }

    @Test
    @DisplayName("promtool check rules: alerts.yaml is a valid rule file")
    void ruleFileIsValid() {
        var checked = promtool("check", "rules", MonitoringFiles.ALERTS.toString());
        assertThat(checked.succeeded()).as(checked.toString()).isTrue();
        assertThat(checked.output()).contains("SUCCESS: 5 rules found");
    }

    @Test
    @DisplayName("promtool test rules: every case of alerts-test.yaml passes")
    void alertCasesPass() {
        var tested = promtool("test", "rules", MonitoringFiles.ALERT_TESTS.toString());
        assertThat(tested.succeeded()).as(tested.toString()).isTrue();
        assertThat(tested.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    @DisplayName("each alert has a case where it fires and a case where it does not")
    void eachAlertFiresAndStaysQuiet() throws Exception {
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (var test : YAML.readTree(Files.readString(MonitoringFiles.ALERT_TESTS)).path("tests")) {
            for (var check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? quiet : fires).add(check.path("alertname").asText());
            }
        }
        var alerts = MonitoringFiles.alertQueries().stream().map(q -> q.where().substring("alert ".length())).toList();
        assertThat(fires).as("alerts with a firing case").containsAll(alerts);
        assertThat(quiet).as("alerts with a not-firing case").containsAll(alerts);
    }

    @Test
    @DisplayName("a rule changed under the cases fails promtool: the cases pin the rules down")
    void aChangedRuleFailsItsCases() throws Exception {
        var scratch = Files.createDirectories(Path.of("target", "it", "AlertRulesIT")).toAbsolutePath();
        var alerts = Files.readString(MonitoringFiles.ALERTS);
        assertThat(alerts).contains("max by (namespace, name) (horadus_failed_rounds) >= 2");
        Files.writeString(scratch.resolve("alerts.yaml"), alerts.replace("(horadus_failed_rounds) >= 2", "(horadus_failed_rounds) >= 3"));
        var cases = Files.readString(MonitoringFiles.ALERT_TESTS);
        Files.writeString(scratch.resolve("alerts-test.yaml"), cases.replace("../../../../manifests/components/monitoring/alerts.yaml", "alerts.yaml"));

        var tested = promtool("test", "rules", scratch.resolve("alerts-test.yaml").toString());

        assertThat(tested.succeeded()).as(tested.toString()).isFalse();
        assertThat(tested.output()).contains("FAILED", "alertname: HoradusVerificationFailing, time: 4m");
    }

    @Test
    @DisplayName("promtool check rules: every dashboard query is valid PromQL (Grafana's variables given values)")
    void dashboardQueriesAreValidPromQl() throws Exception {
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (var query : MonitoringFiles.dashboardQueries()) {
            var expr = query.expr().replaceAll("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$", "$1");
            for (var variable : Map.of("$__rate_interval", "2m", "$__range", "6h", "$__interval", "1m", "$namespace", ".*").entrySet()) {
                expr = expr.replace(variable.getKey(), variable.getValue());
            }
            assertThat(expr).as(query.where() + " uses a Grafana variable this test does not know").doesNotContain("$");
            rules.append("      - record: dashboard:query_").append(++n).append('\n')
                    .append("        expr: ").append(YAML.writeValueAsString(expr).replaceFirst("^---\\s*", "").strip()).append('\n');
        }
        var file = Files.createDirectories(Path.of("target", "it", "AlertRulesIT")).resolve("dashboard-queries.yaml").toAbsolutePath();
        Files.writeString(file, rules);

        var checked = promtool("check", "rules", file.toString());

        assertThat(checked.succeeded()).as(checked + "\n" + rules).isTrue();
        assertThat(checked.output()).contains("SUCCESS: " + n + " rules found");
    }

    private static Commands.Output promtool(String... args) {
        var argv = new java.util.ArrayList<>(List.of("promtool"));
        argv.addAll(List.of(args));
        return Commands.run(argv);
    }
}

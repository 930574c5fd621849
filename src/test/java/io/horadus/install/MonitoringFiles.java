package io.horadus.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The files of manifests/components/monitoring, and the PromQL queries of its alerts and its Grafana dashboard. */
public final class MonitoringFiles {

    public static final Path DIR = Path.of(System.getProperty("project.dir", ".")).resolve("manifests").resolve("components")
            .resolve("monitoring").toAbsolutePath();
    public static final Path ALERTS = DIR.resolve("alerts.yaml");
    public static final Path PROMETHEUS_RULE = DIR.resolve("prometheusrule.yaml");
    public static final Path DASHBOARD = DIR.resolve("dashboard.json");
    public static final Path ALERT_TESTS = Path.of(System.getProperty("project.dir", ".")).resolve("src").resolve("test")
            .resolve("resources").resolve("monitoring").resolve("alerts-test.yaml").toAbsolutePath();

    /** One query and where it is written, for messages. */
    public record Query(String where, String expr) {
        public Set<String> metricNames() {
            return PromQlNames.of(expr);
        }
    }

    private MonitoringFiles() {
    }

    /** Each alert's expression, by alert name. */
    public static List<Query> alertQueries() {
        var queries = new ArrayList<Query>();
        for (var group : read(new YAMLMapper(), ALERTS).path("groups")) {
            for (var rule : group.path("rules")) {
                queries.add(new Query("alert " + rule.path("alert").asText(rule.path("record").asText()), rule.path("expr").asText()));
            }
        }
        return queries;
    }

    /** Every query of the dashboard: each panel's targets (rows' nested panels too) and each templating variable's. */
    public static List<Query> dashboardQueries() {
        var dashboard = read(new ObjectMapper(), DASHBOARD);
        var queries = new ArrayList<Query>();
        collectPanels(dashboard.path("panels"), queries);
        for (var variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                var query = variable.path("query");
                queries.add(new Query("variable $" + variable.path("name").asText(), query.isTextual() ? query.asText() : query.path("query").asText()));
            }
        }
        return queries;
    }

    private static void collectPanels(JsonNode panels, List<Query> queries) {
        for (var panel : panels) {
            for (var target : panel.path("targets")) {
                queries.add(new Query("panel \"" + panel.path("title").asText() + "\" " + target.path("refId").asText(), target.path("expr").asText()));
            }
            collectPanels(panel.path("panels"), queries);
        }
    }

    /** Every metric name the alerts and the dashboard select. */
    public static Set<String> metricNames() {
        var names = new TreeSet<String>();
        alertQueries().forEach(q -> names.addAll(q.metricNames()));
        dashboardQueries().forEach(q -> names.addAll(q.metricNames()));
        return names;
    }

    public static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

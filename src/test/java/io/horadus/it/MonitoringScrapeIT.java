package io.horadus.it;

import io.horadus.api.GateSpec;
import io.horadus.api.Phase;
import io.horadus.demo.BaseImage;
import io.horadus.install.MonitoringFiles;
import io.horadus.install.PromQlNames;
import io.horadus.testing.LoopbackPorts;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the alerts (manifests/components/monitoring/alerts.yaml) and the Grafana dashboard
 * (dashboard.json) query is one the packaged operator exports: after a release through a gate and a
 * rollback (and a release whose Docker host does not answer), a scrape of its /q/metrics has each name,
 * and each label the queries group by or match on.
 * `up` is the one name Prometheus makes itself, for every target it scrapes: here, the scrape answering 200.
 */
class MonitoringScrapeIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]\\w*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    @Test
    @DisplayName("after a gated release and a rollback, the scrape has every metric name and label the alerts and the dashboard query")
    void everyQueriedMetricIsScraped() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0").withHealthBreakingAfter(4);
        var git = repositoryWith(v100, v110);
        releases.create("scraped", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.setGates(new ArrayList<>(List.of(new GateSpec("check", BaseImage.NAME, List.of("true")))));
            spec.getVerify().setFailureThreshold(2);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("scraped", "v1.0.0"));
        releases.setTag("scraped", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.get("scraped").getStatus().getPhase() == Phase.RolledBack);
        // A release whose Docker host does not answer: its attempts fail and are retried, which is what
        // JOSDK's failure counter (on the dashboard) counts; a counter appears at its first increment.
        var nobody = LoopbackPorts.free();
        releases.create("unreachable", "v1.0.0", git.url(), app().project(), v100,
                spec -> spec.getTarget().setDockerHost("tcp://127.0.0.1:" + nobody));
        await().atMost(TIMEOUT).until(() -> releases.condition("unreachable", "Ready")
                .map(c -> "HostUnreachable".equals(c.getReason())).orElse(false));

        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("the scrape Prometheus would make (its `up`)").isEqualTo(200);
        var scraped = labelsByName(response.body());

        var queried = new TreeSet<>(MonitoringFiles.metricNames());
        queried.removeAll(MADE_BY_PROMETHEUS);
        var missing = new TreeSet<>(queried);
        missing.removeAll(scraped.keySet());

        var missingLabels = new ArrayList<String>();
        var queries = new ArrayList<>(MonitoringFiles.alertQueries());
        queries.addAll(MonitoringFiles.dashboardQueries());
        for (var query : queries) {
            var names = new HashSet<>(query.metricNames());
            names.removeAll(MADE_BY_PROMETHEUS);
            if (names.isEmpty()) {
                continue;
            }
            var carried = new HashSet<String>();
            names.forEach(name -> carried.addAll(scraped.getOrDefault(name, Set.of())));
            if (names.stream().noneMatch(scraped::containsKey)) {
                continue; // reported as a missing name above
            }
            for (var label : PromQlNames.labels(query.expr())) {
                if (!carried.contains(label)) {
                    missingLabels.add(query.where() + ": label " + label + " on none of " + names);
                }
            }
        }
        // Both lists at once, so one run tells everything a rename would break.
        var soft = new SoftAssertions();
        soft.assertThat(missing).as("metrics the alerts or the dashboard query that the operator does not export (scraped: %s)",
                new TreeSet<>(scraped.keySet())).isEmpty();
        soft.assertThat(missingLabels).as("labels the queries group by or match on that the scraped series do not carry").isEmpty();
        soft.assertThat(response.body()).as("the release is in the info series the stall alert reads")
                .containsPattern("horadus_release_info\\{[^}]*name=\"scraped\"");
        soft.assertAll();
    }

    /** Each metric name of a Prometheus text scrape and the label names its series carry. */
    private static Map<String, Set<String>> labelsByName(String scrape) {
        var byName = new HashMap<String, Set<String>>();
        for (var line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            int end = brace >= 0 && brace < space ? brace : space;
            var labels = byName.computeIfAbsent(line.substring(0, end), name -> new TreeSet<>());
            if (end == brace) {
                var label = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return byName;
    }
}

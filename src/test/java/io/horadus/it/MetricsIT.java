package io.horadus.it;

import io.horadus.api.HoradusRelease;
import io.horadus.api.Phase;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

/**
 * The packaged operator's HTTP endpoints as a kubelet and Prometheus ask them, with REST Assured: the probes,
 * the informative check of the Docker hosts in use, and the horadus_* series of /q/metrics (with JOSDK's
 * reconcile metrics) after a release, after a rollback and after the release is deleted.
 */
class MetricsIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String LOCAL_ENGINE = "unix:///var/run/docker.sock";

    @Test
    @DisplayName("a release, a rollback, a deletion: probes UP, the Docker host reachable, and the horadus_* series say what happened")
    void releaseRollbackAndDeletion() throws Exception {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItems("horadus-operator", "horadus-docker-hosts"));
        assertThat(metrics()).as("the single replica of this test runs in the prod profile, with the Lease")
                .contains("horadus_leader 1.0")
                .contains("horadus_rollbacks_total{reason=\"HealthFailed\"} 0.0");

        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0").withHealthBreakingAfter(4);
        var git = repositoryWith(v100, v110);
        releases.create("watched", "v1.0.0", git.url(), app.project(), v100, spec -> spec.getVerify().setFailureThreshold(2));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("watched", "v1.0.0"));

        await("the info series of a Ready release").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(series(metrics(), "horadus_release_info"))
                .containsExactly("horadus_release_info{current_tag=\"v1.0.0\",desired_tag=\"v1.0.0\",last_good_tag=\"v1.0.0\",name=\"watched\","
                        + "namespace=\"" + Releases.NAMESPACE + "\",phase=\"Ready\"} 1.0"));
        var released = metrics();
        for (var step : List.of("Resolve", "Build", "Migrate", "RollOut", "Verify")) {
            assertThat(value(released, "horadus_step_duration_seconds_count{result=\"Succeeded\",step=\"" + step + "\"}"))
                    .as("%s counted once", step).isEqualTo(1.0);
        }
        assertThat(released).as("JOSDK's MicrometerMetricsV2 reconcile metrics").contains("reconciliations_started_total{controller_name=\"horadusrelease\"");
        await("the Docker host pinged").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(metrics()).contains("horadus_host_reachable{host=\"" + LOCAL_ENGINE + "\"} 1.0");
            given().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'horadus-docker-hosts' }.data.'" + LOCAL_ENGINE + "'", org.hamcrest.Matchers.startsWith("reachable, ping "));
        });

        releases.setTag("watched", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.get("watched").getStatus().getPhase() == Phase.RolledBack);

        await("the info series of the rolled-back release").atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(series(metrics(), "horadus_release_info"))
                .containsExactly("horadus_release_info{current_tag=\"v1.0.0\",desired_tag=\"v1.1.0\",last_good_tag=\"v1.0.0\",name=\"watched\","
                        + "namespace=\"" + Releases.NAMESPACE + "\",phase=\"RolledBack\"} 1.0"));
        var rolledBack = metrics();
        assertThat(value(rolledBack, "horadus_rollbacks_total{reason=\"HealthFailed\"}")).isEqualTo(1.0);
        assertThat(value(rolledBack, "horadus_rollbacks_total{reason=\"VerificationFailed\"}")).isEqualTo(0.0);
        assertThat(value(rolledBack, "horadus_step_duration_seconds_count{result=\"Succeeded\",step=\"RollBack\"}")).isEqualTo(1.0);
        assertThat(value(rolledBack, "horadus_step_duration_seconds_count{result=\"Succeeded\",step=\"Verify\"}"))
                .as("v1.1.0 verified before its health broke").isEqualTo(2.0);
        assertThat(value(rolledBack, "horadus_check_rounds_total{result=\"Failed\"}")).as("failureThreshold rounds").isGreaterThanOrEqualTo(2.0);
        assertThat(value(rolledBack, "horadus_check_failures_total{check=\"health\"}")).isGreaterThanOrEqualTo(2.0);
        assertThat(value(rolledBack, "horadus_round_duration_seconds_count")).isGreaterThanOrEqualTo(2.0);
        assertThat(value(rolledBack, "horadus_release_events_total{reason=\"RolledBack\",type=\"Warning\"}")).isEqualTo(1.0);

        cluster.client().resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).withName("watched").delete();
        await("a deleted release leaves no series of its own, and its host none").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var after = metrics();
            assertThat(series(after, "horadus_release_info")).isEmpty();
            assertThat(series(after, "horadus_failed_rounds")).isEmpty();
            assertThat(series(after, "horadus_host_reachable")).isEmpty();
        });
    }

    private io.restassured.specification.RequestSpecification given() {
        return RestAssured.given().baseUri("http://127.0.0.1").port(operator.httpPort());
    }

    /**
     * The scrape, its label sets written as the text format 0.0.4 writes them without a trailing comma (Quarkus's
     * endpoint answers OpenMetrics or 0.0.4 by the Accept header; both mean the same labels).
     */
    private String metrics() {
        Response response = given().get("/q/metrics");
        response.then().statusCode(200);
        return response.asString().replace(",}", "}");
    }

    /** The sample lines of one metric (its name followed by labels or a space). */
    private static List<String> series(String text, String name) {
        var pattern = Pattern.compile("^" + Pattern.quote(name) + "[{ ]");
        return text.lines().filter(line -> pattern.matcher(line).find()).toList();
    }

    /** The value of the sample whose name and labels are exactly {@code sample}. */
    private static double value(String text, String sample) {
        return text.lines().filter(line -> line.startsWith(sample + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(sample.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no sample " + sample + " in:\n" + text.lines().filter(l -> l.startsWith("horadus_")).toList()));
    }
}

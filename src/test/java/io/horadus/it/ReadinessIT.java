package io.horadus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.Phase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged operator's probes when it cannot hear the cluster: the mock API server keeps answering
 * every call (the Lease renews, status writes go through) but refuses watches and closes the open one,
 * so the operator hears of no change.
 */
class ReadinessIT extends OperatorHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Map<String, String> settings() {
        var settings = new HashMap<>(super.settings());
        settings.put("horadus.watch-grace", "3S");
        return settings;
    }

    @Test
    @DisplayName("watches refused: readiness DOWN naming the informer, liveness UP; watches served again: ready, and a new release is heard")
    void watchLost() throws Exception {
        assertThat(operator.health("ready").code()).isEqualTo(200);
        assertThat(check(operator.health("ready"), "data").path("informer horadusrelease (all namespaces)").asText()).isEqualTo("watching");

        ((MockCluster) cluster).refuseWatches(true);
        releases.create("unheard", "v1.0.0", "https://git.example.invalid/unheard.git", "unheard", "http://127.0.0.1:9/health", null,
                spec -> spec.setSuspend(true));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var ready = operator.health("ready");
            assertThat(ready.code()).as(ready.body()).isEqualTo(503);
            assertThat(check(ready, "status").asText()).isEqualTo("DOWN");
            assertThat(check(ready, "data").path("informer horadusrelease (all namespaces)").asText()).contains("hears of no change");
        });
        var live = operator.health("live");
        assertThat(live.code()).as("a lost watch is not a dead process: %s", live.body()).isEqualTo(200);
        assertThat(check(live, "status").asText()).isEqualTo("UP");
        assertThat(releases.get("unheard").getStatus().getObservedGeneration()).as("DOWN told the truth: the operator did not hear of it").isNull();

        ((MockCluster) cluster).refuseWatches(false);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(operator.health("ready").code()).isEqualTo(200));
        releases.create("heard", "v1.0.0", "https://git.example.invalid/heard.git", "heard", "http://127.0.0.1:9/health", null,
                spec -> spec.setSuspend(true));
        await().atMost(Duration.ofSeconds(30)).until(() -> releases.get("heard").getStatus() != null
                && releases.get("heard").getStatus().getPhase() == Phase.Suspended);
    }

    /** A field of the horadus-operator check in a health answer. */
    private static JsonNode check(OperatorProcess.Health health, String field) throws Exception {
        for (var check : JSON.readTree(health.body()).path("checks")) {
            if (check.path("name").asText().equals("horadus-operator")) {
                return check.path(field);
            }
        }
        throw new AssertionError("no horadus-operator check in " + health.body());
    }
}

package io.horadus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.Condition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator's log for a log pipeline (HORADUS_LOG_JSON=true): one JSON object per line, the release and tag in each. */
class JsonLogIT extends OperatorHarness {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected Map<String, String> settings() {
        return Map.of("horadus.leader-election.identity", getClass().getSimpleName(), "HORADUS_LOG_JSON", "true");
    }

    @Test
    @DisplayName("every line is a JSON object; a release's lines carry mdc.release and mdc.tag, the failed attempt its level and message")
    void jsonLines() throws Exception {
        var app = app();
        var missingRepository = scratch.resolve("no-such-repository.git").toUri().toString();

        releases.create("json-log", "v1.0.0", missingRepository, app.project(), app.ok("v1.0.0"));

        await().atMost(Duration.ofMinutes(1)).until(() -> releases.condition("json-log", "Reconciling")
                .map(Condition::getReason).orElse("").equals("SourceUnreachable"));
        await().atMost(Duration.ofMinutes(1)).until(() -> !attempts().isEmpty());

        assertThat(lines()).as("the whole log").allSatisfy(line -> assertThat(line.isObject()).isTrue());
        var attempt = attempts().get(0);
        assertThat(attempt.path("level").asText()).isEqualTo("WARN");
        assertThat(attempt.path("message").asText()).startsWith("default/json-log: SourceUnreachable: ").contains("(tag v1.0.0, attempt 1");
        assertThat(attempt.path("mdc").path("release").asText()).isEqualTo("default/json-log");
        assertThat(attempt.path("mdc").path("tag").asText()).isEqualTo("v1.0.0");
        assertThat(lines()).as("every line about the release").filteredOn(line -> line.path("message").asText().contains("default/json-log"))
                .allSatisfy(line -> assertThat(line.path("mdc").path("release").asText()).isEqualTo("default/json-log"));
    }

    private List<JsonNode> attempts() throws Exception {
        return lines().stream().filter(line -> line.path("loggerName").asText().endsWith("FailedAttemptLog")).toList();
    }

    private List<JsonNode> lines() throws Exception {
        var parsed = new ArrayList<JsonNode>();
        for (var line : operator.log().lines().filter(line -> !line.isBlank()).toList()) {
            try {
                parsed.add(JSON.readTree(line));
            } catch (Exception e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return parsed;
    }
}

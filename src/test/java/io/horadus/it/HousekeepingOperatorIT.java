package io.horadus.it;

import io.horadus.demo.BaseImage;
import io.horadus.release.port.GateRun;
import io.horadus.testing.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged operator's housekeeping: the leader (the only replica, holding the Lease) sweeps on the
 * Quarkus Scheduler over the host its cached release names, removes a running gate container of a deleted
 * release and a deleted release's work area, keeps the live release's, logs one line and counts it in
 * /q/metrics.
 */
class HousekeepingOperatorIT extends OperatorHarness {

    static final String NONCE = "hko" + UUID.randomUUID().toString().substring(0, 8);
    static final String GONE_GATE = NONCE + "-gate-lint";
    static final String PERSON = NONCE + "-person";

    @Override
    protected Map<String, String> settings() {
        var settings = new HashMap<>(super.settings());
        settings.put("horadus.housekeeping.interval", "1s");
        settings.put("horadus.housekeeping.delay", "1s");
        return settings;
    }

    @AfterAll
    void removeContainers() {
        Commands.run(List.of("docker", "rm", "-f", GONE_GATE, PERSON));
    }

    @Test
    @DisplayName("the leader removes a deleted release's running gate and work area, keeps the live release's and a person's container, logs and counts it")
    void leaderSweeps() throws Exception {
        var live = "live-" + NONCE;
        releases.create(live, "v1.0.0", "https://git.example.invalid/live.git", NONCE, "http://127.0.0.1:9/health", null,
                spec -> spec.setSuspend(true));
        Path git = Files.createDirectories(scratch.resolve("operator-work").resolve("git"));
        Path liveArea = Files.createDirectories(git.resolve("default_" + live).resolve("worktrees"));
        Path goneArea = Files.createDirectories(git.resolve("default_gone-" + NONCE).resolve("worktrees").resolve("v1.0.0-0123456789ab"));
        Files.writeString(goneArea.resolve("compose.yml"), "services: {}\n");
        run("docker", "run", "-d", "--name", GONE_GATE, "--label", GateRun.LABEL + "=" + GONE_GATE,
                "--label", GateRun.RELEASE_LABEL + "=default/gone-" + NONCE, BaseImage.NAME, "sleep", "300");
        run("docker", "run", "-d", "--name", PERSON, BaseImage.NAME, "sleep", "300");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(Files.exists(git.resolve("default_gone-" + NONCE))).isFalse();
            assertThat(exists(GONE_GATE)).isFalse();
        });

        // The sweep removes, then counts and logs: both are looked for until they are there.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(operator.log()).contains("housekeeping removed 1 gate container (" + GONE_GATE + " (default/gone-" + NONCE + ", running));"
                    + " 1 work area (default_gone-" + NONCE + ")");
            var metrics = metrics();
            assertThat(metrics).contains("horadus_housekeeping_removed_total{kind=\"GateContainer\"} 1.0",
                    "horadus_housekeeping_removed_total{kind=\"WorkArea\"} 1.0");
            assertThat(metrics).containsPattern("horadus_housekeeping_sweeps_total\\{result=\"Succeeded\"} [1-9]");
            assertThat(metrics).containsPattern("horadus_housekeeping_last_sweep_timestamp_seconds 1\\.\\d+E9");
        });
        assertThat(liveArea).exists();
        assertThat(exists(PERSON)).isTrue();
    }

    private String metrics() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + operator.httpPort() + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static boolean exists(String container) {
        return Commands.run(List.of("docker", "container", "inspect", container)).succeeded();
    }

    private static void run(String... argv) {
        var output = Commands.run(List.of(argv));
        assertThat(output.succeeded()).as(output.toString()).isTrue();
    }
}

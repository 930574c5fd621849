package io.horadus.metrics;

import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostUnavailableException;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Docker hosts in use as the health check and a scrape see them. */
class HostPingsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<String> pinged = new CopyOnWriteArrayList<>();
    /** Periodic pings an hour apart: only the pings of newly named hosts run during a test. */
    private final HostPings pings = new HostPings(registry, target -> {
        pinged.add(target.dockerHost());
        if (target.dockerHost().contains("down")) {
            throw new HostUnavailableException("Docker engine at tcp://down.example:2376 did not answer",
                    new java.net.ConnectException("Connection refused"));
        }
    }, Duration.ofHours(1), Clock.systemUTC());

    @AfterEach
    void close() {
        pings.close();
    }

    @Test
    @DisplayName("each host named is pinged at once, once however many releases share it; reachable 1, unreachable 0 with the root cause")
    void hostsPinged() {
        pings.use("ns/a", target("unix:///var/run/docker.sock"));
        pings.use("ns/b", target("unix:///var/run/docker.sock"));
        pings.use("ns/c", target("tcp://user:secret@down.example:2376"));

        await().atMost(Duration.ofSeconds(10)).until(() -> pings.hosts().values().stream().allMatch(p -> p.isPresent()));

        assertThat(pinged).containsExactlyInAnyOrder("unix:///var/run/docker.sock", "tcp://user:secret@down.example:2376");
        var hosts = pings.hosts();
        assertThat(hosts).containsOnlyKeys("unix:///var/run/docker.sock", "tcp://down.example:2376");
        assertThat(hosts.get("unix:///var/run/docker.sock")).hasValueSatisfying(p -> assertThat(p.reachable()).isTrue());
        assertThat(hosts.get("tcp://down.example:2376")).hasValueSatisfying(p -> {
            assertThat(p.reachable()).isFalse();
            assertThat(p.error()).isEqualTo("Connection refused");
        });
        assertThat(lines("horadus_host_reachable{")).containsExactlyInAnyOrder(
                "horadus_host_reachable{host=\"tcp://down.example:2376\",} 0.0",
                "horadus_host_reachable{host=\"unix:///var/run/docker.sock\",} 1.0");
        assertThat(lines("horadus_host_ping_seconds{")).hasSize(2);
        assertThat(registry.scrape()).as("no user info in a label").doesNotContain("secret");
    }

    @Test
    @DisplayName("a host no release names any more loses its series; one still named by another release keeps them")
    void unusedHostsForgotten() {
        pings.use("ns/a", target("unix:///var/run/docker.sock"));
        pings.use("ns/b", target("unix:///var/run/docker.sock"));
        pings.use("ns/c", target("tcp://down.example:2376"));
        await().atMost(Duration.ofSeconds(10)).until(() -> lines("horadus_host_reachable{").size() == 2);

        pings.drop("ns/a");
        pings.drop("ns/c");

        assertThat(pings.hosts()).containsOnlyKeys("unix:///var/run/docker.sock");
        assertThat(lines("horadus_host_reachable{")).containsExactly("horadus_host_reachable{host=\"unix:///var/run/docker.sock\",} 1.0");
        assertThat(lines("horadus_host_ping_seconds{")).hasSize(1);
    }

    private List<String> lines(String prefix) {
        return registry.scrape().lines().filter(line -> line.startsWith(prefix)).toList();
    }

    private static ComposeTarget target(String dockerHost) {
        return new ComposeTarget(dockerHost, null, "app", List.of("docker-compose.prod.yml"));
    }
}

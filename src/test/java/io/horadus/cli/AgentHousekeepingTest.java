package io.horadus.cli;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.TargetSpec;
import io.horadus.housekeeping.HostLeftovers;
import io.horadus.housekeeping.Housekeeping;
import io.horadus.housekeeping.HousekeepingMetrics;
import io.horadus.local.ReleaseKey;
import io.horadus.local.StateDirectory;
import io.horadus.local.StoredRelease;
import io.horadus.release.port.ComposeTarget;
import io.horadus.source.JGitSource;
import io.horadus.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The agent's housekeeping: a release whose state file is gone loses its work area at the next due sweep. */
class AgentHousekeepingTest {

    @TempDir
    Path root;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
    final List<String> hostCalls = new ArrayList<>();

    @Test
    @DisplayName("every interval the agent removes the work area of a release no longer in its state directory, keeps the stored one's, and prints one line")
    void sweepsWhenDue() throws Exception {
        var registry = new SimpleMeterRegistry();
        var state = new StateDirectory(root.resolve("state"), clock);
        try (var lock = state.lock(ReleaseKey.of("default", "shop"), "test")) {
            state.write(StoredRelease.create(ReleaseKey.of("default", "shop"), spec(), clock.instant()));
        }
        var source = new JGitSource(root.resolve("work"));
        Files.createDirectories(root.resolve("work").resolve(source.nameOf("default/shop")).resolve("worktrees"));
        Files.createDirectories(root.resolve("work").resolve(source.nameOf("default/gone")).resolve("worktrees"));
        var agent = new AgentHousekeeping(new Housekeeping(new NoLeftovers(), source, clock, new Housekeeping.Settings(false, Duration.ofHours(1))),
                state, (namespace, name) -> Optional.empty(), Duration.ofMinutes(10), clock.instant(), Optional.of(new HousekeepingMetrics(registry)));
        var err = new ByteArrayOutputStream();

        agent.sweepIfDue(clock.instant(), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(source.names()).containsExactlyInAnyOrder("default_shop", "default_gone");
        assertThat(hostCalls).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        agent.sweepIfDue(clock.instant(), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(source.names()).containsExactly("default_shop");
        assertThat(hostCalls).contains("gateContainers unix:///var/run/docker.sock");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("► housekeeping removed 1 work area (default_gone)\n");
        assertThat(registry.get("horadus_housekeeping_removed_total").tag("kind", "WorkArea").counter().count())
                .as("counted for the agent's --metrics-port").isEqualTo(1.0);
        assertThat(registry.get("horadus_housekeeping_sweeps_total").tag("result", "Succeeded").counter().count()).isEqualTo(1.0);
    }

    static HoradusReleaseSpec spec() {
        var spec = new HoradusReleaseSpec();
        spec.setTag("v1.0.0");
        var target = new TargetSpec();
        target.setProject("shop");
        spec.setTarget(target);
        return spec;
    }

    /** A host with nothing of the operator's on it, recording what it was asked. */
    final class NoLeftovers implements HostLeftovers {
        @Override
        public List<GateContainer> gateContainers(ComposeTarget host) {
            hostCalls.add("gateContainers " + host.dockerHost());
            return List.of();
        }

        @Override
        public List<GateImage> danglingGateImages(ComposeTarget host) {
            return List.of();
        }

        @Override
        public List<String> snapshotNames(ComposeTarget host, Set<String> repositories) {
            return List.of();
        }

        @Override
        public void removeContainer(ComposeTarget host, String id) {
            throw new AssertionError("nothing to remove");
        }

        @Override
        public boolean removeImage(ComposeTarget host, String id) {
            throw new AssertionError("nothing to remove");
        }

        @Override
        public void untag(ComposeTarget host, String name) {
            throw new AssertionError("nothing to remove");
        }
    }
}

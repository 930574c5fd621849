package io.horadus.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.RolloutSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.HostState;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.watch.ReleaseWatch;
import io.horadus.release.watch.WatchRounds;
import io.horadus.testing.ManualScheduler;
import io.horadus.testing.MovableClock;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The adapter's side of the watch: a deleted release's rounds stop; release keys and JOSDK resource IDs map both ways. */
class WatchEventSourceTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final WatchRounds rounds = new WatchRounds(new ReleaseWatch(new NoHost(),
            (release, spec, services, host, access) -> new VerificationReport(List.of())), scheduler, clock);

    @Test
    @DisplayName("a deleted release's rounds stop (JOSDK tells every ResourceEventAware event source of a deletion)")
    void deletionStopsRounds() {
        var release = release("team-a", "horadus");
        var spec = new HoradusReleaseSpec();
        spec.setTag("v1.0.0");
        spec.setVerify(new VerifySpec());
        spec.setRollout(new RolloutSpec());
        var request = new ReleaseRequest("team-a/horadus", 1, spec, GitCredentials.NONE, null);
        rounds.follow(request.key(), Optional.of(new WatchRounds.Plan(request, new WatchRounds.Subject("v1.0.0", "c100", false),
                Duration.ofSeconds(10), Duration.ofSeconds(10), 0, round -> false)));
        var source = new WatchEventSource(rounds, rounds::stop);
        assertThat(rounds.watching("team-a/horadus")).isTrue();

        source.onResourceDeleted(release);

        assertThat(rounds.watching("team-a/horadus")).isFalse();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    @DisplayName("the release key (namespace/name) names the JOSDK resource")
    void keys() {
        var release = release("team-a", "horadus");
        assertThat(WatchEventSource.key(release)).isEqualTo("team-a/horadus");
        assertThat(WatchEventSource.resourceId("team-a/horadus")).isEqualTo(ResourceID.fromResource(release));
    }

    private static HoradusRelease release(String namespace, String name) {
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        return release;
    }

    private static final class NoHost implements HostObserver {
        @Override
        public HostState observe(io.horadus.release.port.ComposeTarget target) {
            return new HostState(List.of());
        }

        @Override
        public MigrationRun migrationRun(io.horadus.release.port.ComposeTarget target, String runName, Instant since) {
            return new MigrationRun.Absent();
        }

        @Override
        public void removeMigrationRun(io.horadus.release.port.ComposeTarget target, String runName) {
        }

        @Override
        public void removeExitedMigrationRuns(io.horadus.release.port.ComposeTarget target, String current) {
        }
    }
}

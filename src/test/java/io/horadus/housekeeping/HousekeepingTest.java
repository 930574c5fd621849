package io.horadus.housekeeping;

import io.horadus.api.GoodRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ImageSnapshot;
import io.horadus.api.Phase;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.TargetSpec;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.testing.MovableClock;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The deciding of housekeeping: what is old, what belongs to a deleted release, keep N; against an in-memory host and work dir. */
class HousekeepingTest {

    static final String HOST = "unix:///var/run/docker.sock";
    static final String OTHER_HOST = "tcp://10.0.0.9:2375";
    static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");

    final MovableClock clock = new MovableClock(NOW);
    final FakeHosts hosts = new FakeHosts();
    final FakeAreas areas = new FakeAreas();

    Housekeeping housekeeping(boolean dryRun) {
        return new Housekeeping(hosts, areas, clock, new Housekeeping.Settings(dryRun, Duration.ofHours(1)));
    }

    @Test
    @DisplayName("a gate container of a deleted release is removed, running or not; a live release's and one naming no release stay")
    void gateContainers() {
        var host = hosts.host(HOST);
        host.containers.add(new HostLeftovers.GateContainer("c1", "shop-gate-lint-v1-1-x", "default/gone", true));
        host.containers.add(new HostLeftovers.GateContainer("c2", "shop-gate-test-v1-1-y", "default/gone", false));
        host.containers.add(new HostLeftovers.GateContainer("c3", "live-gate-lint-v2-1-z", "default/live", true));
        host.containers.add(new HostLeftovers.GateContainer("c4", "old-gate-lint-v0-1-w", "", false));

        var report = housekeeping(false).sweep(() -> List.of(release("default/live", HOST, Phase.Gating)));

        assertThat(host.containers).extracting(HostLeftovers.GateContainer::id).containsExactly("c3", "c4");
        assertThat(report.removed().get(Kind.GateContainer))
                .containsExactly("shop-gate-lint-v1-1-x (default/gone, running)", "shop-gate-test-v1-1-y (default/gone)");
        assertThat(report.succeeded()).isTrue();
    }

    @Test
    @DisplayName("untagged gate images older than the age go; a younger one (a build not yet tagged) and one a container uses stay")
    void gateImages() {
        var host = hosts.host(HOST);
        host.images.put("sha256:aaaaaaaaaaaa1111", NOW.minus(Duration.ofHours(5)));
        host.images.put("sha256:bbbbbbbbbbbb2222", NOW.minus(Duration.ofMinutes(59)));
        host.images.put("sha256:cccccccccccc3333", NOW.minus(Duration.ofDays(2)));
        host.inUse.add("sha256:cccccccccccc3333");

        var report = housekeeping(false).sweep(() -> List.of(release("default/live", HOST, Phase.Ready)));

        assertThat(host.images).containsOnlyKeys("sha256:bbbbbbbbbbbb2222", "sha256:cccccccccccc3333");
        assertThat(report.removed().get(Kind.GateImage)).containsExactly("aaaaaaaaaaaa");

        clock.advance(Duration.ofMinutes(2));
        housekeeping(false).sweep(() -> List.of(release("default/live", HOST, Phase.Ready)));
        assertThat(host.images).containsOnlyKeys("sha256:cccccccccccc3333");
    }

    @Test
    @DisplayName("snapshot names beyond spec.rollback.keep go; the kept good releases' and the current release's stay; other repositories are never looked at")
    void snapshotsBeyondKeep() {
        var host = hosts.host(HOST);
        host.snapshots.addAll(List.of("shop-api:horadus-v1.0.0", "shop-api:horadus-v1.1.0", "shop-api:horadus-v1.2.0",
                "shop-api:horadus-v1.3.0", "shop-api:horadus-v0.9.0", "shop-worker:horadus-v1.3.0", "someone-else:horadus-v1"));
        // keep 2: v1.3.0 (current, also good), v1.2.0; v1.1.0 is a third good release beyond keep; v1.0.0 and v0.9.0 no status names.
        var live = release("default/shop", HOST, Phase.Ready, 2, "v1.3.0", "v1.3.0", "v1.2.0", "v1.1.0");

        var report = housekeeping(false).sweep(() -> List.of(live));

        assertThat(host.snapshots).containsExactlyInAnyOrder("shop-api:horadus-v1.3.0", "shop-api:horadus-v1.2.0",
                "shop-worker:horadus-v1.3.0", "someone-else:horadus-v1");
        assertThat(report.removed().get(Kind.Snapshot))
                .containsExactlyInAnyOrder("shop-api:horadus-v1.1.0", "shop-api:horadus-v1.0.0", "shop-api:horadus-v0.9.0");
    }

    @Test
    @DisplayName("no snapshot is swept on a host while any release there is in flight: its new snapshot may not be in its status yet")
    void snapshotsWaitForRest() {
        var host = hosts.host(HOST);
        host.snapshots.addAll(List.of("shop-api:horadus-v1.3.0", "shop-api:horadus-v1.4.0"));
        var atRest = release("default/shop", HOST, Phase.Ready, 3, "v1.3.0", "v1.3.0");
        var verifying = release("default/other", HOST, Phase.Verifying);

        housekeeping(false).sweep(() -> List.of(atRest, verifying));
        assertThat(host.snapshots).containsExactlyInAnyOrder("shop-api:horadus-v1.3.0", "shop-api:horadus-v1.4.0");

        housekeeping(false).sweep(() -> List.of(atRest));
        assertThat(host.snapshots).containsExactly("shop-api:horadus-v1.3.0");
    }

    @Test
    @DisplayName("the work areas of deleted releases go; a live release's stays, and so does one created while the sweep runs")
    void workAreas() {
        areas.areas.addAll(List.of("default_live", "default_gone", "prod_gone-too", "default_new"));
        var calls = new ArrayList<List<LiveRelease>>();
        Supplier<List<LiveRelease>> releases = () -> {
            // default/new is created after the sweep's first look.
            var now = calls.isEmpty() ? List.of(release("default/live", HOST, Phase.Ready))
                    : List.of(release("default/live", HOST, Phase.Ready), release("default/new", HOST, Phase.Pending));
            calls.add(now);
            return now;
        };

        var report = housekeeping(false).sweep(releases);

        assertThat(areas.areas).containsExactlyInAnyOrder("default_live", "default_new");
        assertThat(report.removed().get(Kind.WorkArea)).containsExactlyInAnyOrder("default_gone", "prod_gone-too");
    }

    @Test
    @DisplayName("a dry run removes nothing, reports what it would remove and counts no removal")
    void dryRun() {
        var host = hosts.host(HOST);
        host.containers.add(new HostLeftovers.GateContainer("c1", "shop-gate-lint", "default/gone", true));
        host.images.put("sha256:aaaaaaaaaaaa1111", NOW.minus(Duration.ofHours(5)));
        host.snapshots.add("shop-api:horadus-v0.1.0");
        areas.areas.add("default_gone");
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new HousekeepingMetrics(registry);

        var report = housekeeping(true).sweep(() -> List.of(release("default/live", HOST, Phase.Ready, 3, "v1.0.0", "v1.0.0")));
        metrics.swept(report, clock.instant());

        assertThat(host.containers).hasSize(1);
        assertThat(host.images).hasSize(1);
        assertThat(host.snapshots).containsExactly("shop-api:horadus-v0.1.0");
        assertThat(areas.areas).containsExactly("default_gone");
        assertThat(report.summary()).isEqualTo("housekeeping would remove 1 gate image (aaaaaaaaaaaa); 1 gate container "
                + "(shop-gate-lint (default/gone, running)); 1 snapshot name (shop-api:horadus-v0.1.0); 1 work area (default_gone)"
                + " [dry run: nothing removed]");
        var scrape = registry.scrape();
        assertThat(scrape).contains("horadus_housekeeping_removed_total{kind=\"GateImage\",} 0.0")
                .contains("horadus_housekeeping_sweeps_total{result=\"Succeeded\",} 1.0");
    }

    @Test
    @DisplayName("a host whose engine does not answer fails the sweep; the other host and the work dir are swept all the same")
    void unreachableHost() {
        hosts.host(OTHER_HOST).down = true;
        var host = hosts.host(HOST);
        host.containers.add(new HostLeftovers.GateContainer("c1", "shop-gate-lint", "default/gone", false));
        areas.areas.add("default_gone");
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var metrics = new HousekeepingMetrics(registry);

        var report = housekeeping(false).sweep(() -> List.of(release("default/a", OTHER_HOST, Phase.Ready), release("default/b", HOST, Phase.Ready)));
        metrics.swept(report, clock.instant());

        assertThat(report.succeeded()).isFalse();
        assertThat(report.problems()).containsExactly("Docker engine at " + OTHER_HOST + " did not answer");
        assertThat(host.containers).isEmpty();
        assertThat(areas.areas).isEmpty();
        assertThat(registry.scrape()).contains("horadus_housekeeping_sweeps_total{result=\"Failed\",} 1.0")
                .contains("horadus_housekeeping_removed_total{kind=\"GateContainer\",} 1.0")
                .contains("horadus_housekeeping_removed_total{kind=\"WorkArea\",} 1.0")
                .contains("horadus_housekeeping_last_sweep_timestamp_seconds " + (double) NOW.getEpochSecond());
    }

    @Test
    @DisplayName("a release whose host is not swept (its TLS Secret unreadable) still keeps its gate containers and work area")
    void unsweptReleaseStillLives() {
        var host = hosts.host(HOST);
        host.containers.add(new HostLeftovers.GateContainer("c1", "tls-gate-lint", "default/tls", true));
        areas.areas.add("default_tls");

        var report = housekeeping(false).sweep(() -> List.of(LiveRelease.unswept("default/tls"), release("default/b", HOST, Phase.Ready)));

        assertThat(host.containers).hasSize(1);
        assertThat(areas.areas).containsExactly("default_tls");
        assertThat(report.removedNothing()).isTrue();
        assertThat(report.summary()).isEmpty();
    }

    // --- releases as their status tells them ---

    static LiveRelease release(String key, String dockerHost, Phase phase) {
        return release(key, dockerHost, phase, 3, null);
    }

    /** A release whose status.release is {@code current} and whose good releases are {@code good}, newest first. */
    static LiveRelease release(String key, String dockerHost, Phase phase, int keep, String current, String... good) {
        var spec = new HoradusReleaseSpec();
        var target = new TargetSpec();
        target.setDockerHost(dockerHost);
        target.setProject("shop");
        spec.setTarget(target);
        spec.getRollback().setKeep(keep);
        var status = new HoradusReleaseStatus();
        status.setPhase(phase);
        if (current != null) {
            var progress = new ReleaseProgress();
            progress.setTag(current);
            progress.setImages(snapshots(current));
            status.setRelease(progress);
        }
        for (var tag : good) {
            var g = new GoodRelease();
            g.setTag(tag);
            g.setImages(snapshots(tag));
            status.getGoodReleases().add(g);
        }
        return LiveRelease.of(key, spec, status, null);
    }

    static List<ImageSnapshot> snapshots(String tag) {
        var api = new ImageSnapshot();
        api.setService("api");
        api.setImage("shop-api:latest");
        api.setSnapshot("shop-api:horadus-" + tag);
        var worker = new ImageSnapshot();
        worker.setService("worker");
        worker.setImage("shop-worker:latest");
        worker.setSnapshot("shop-worker:horadus-" + tag);
        return new ArrayList<>(List.of(api, worker));
    }

    // --- the fakes: hosts and a work dir held in memory ---

    static final class FakeHost {
        final List<HostLeftovers.GateContainer> containers = new ArrayList<>();
        final Map<String, Instant> images = new LinkedHashMap<>();
        final Set<String> inUse = new TreeSet<>();
        final List<String> snapshots = new ArrayList<>();
        boolean down;
    }

    static final class FakeHosts implements HostLeftovers {
        final Map<String, FakeHost> hosts = new HashMap<>();

        FakeHost host(String dockerHost) {
            return hosts.computeIfAbsent(dockerHost, h -> new FakeHost());
        }

        private FakeHost on(ComposeTarget target) {
            var host = host(target.dockerHost());
            if (host.down) {
                throw new HostUnavailableException("Docker engine at " + target.dockerHost() + " did not answer", null);
            }
            return host;
        }

        @Override
        public List<GateContainer> gateContainers(ComposeTarget target) {
            return List.copyOf(on(target).containers);
        }

        @Override
        public List<GateImage> danglingGateImages(ComposeTarget target) {
            return on(target).images.entrySet().stream().map(e -> new GateImage(e.getKey(), e.getValue())).toList();
        }

        @Override
        public List<String> snapshotNames(ComposeTarget target, Set<String> repositories) {
            return on(target).snapshots.stream().filter(name -> repositories.stream().anyMatch(r -> name.startsWith(r + ":horadus-"))).toList();
        }

        @Override
        public void removeContainer(ComposeTarget target, String id) {
            on(target).containers.removeIf(c -> c.id().equals(id));
        }

        @Override
        public boolean removeImage(ComposeTarget target, String id) {
            var host = on(target);
            if (host.inUse.contains(id)) {
                return false;
            }
            host.images.remove(id);
            return true;
        }

        @Override
        public void untag(ComposeTarget target, String name) {
            on(target).snapshots.remove(name);
        }
    }

    static final class FakeAreas implements WorkAreas {
        final List<String> areas = new ArrayList<>();

        @Override
        public List<String> names() {
            return List.copyOf(areas);
        }

        @Override
        public String nameOf(String releaseKey) {
            return releaseKey.replace('/', '_');
        }

        @Override
        public boolean remove(String name, Predicate<String> inUse) {
            return !inUse.test(name) && areas.remove(name);
        }
    }
}

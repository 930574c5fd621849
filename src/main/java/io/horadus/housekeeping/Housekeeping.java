package io.horadus.housekeeping;

import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.DockerTls;
import io.horadus.release.port.HostUnavailableException;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One housekeeping sweep: on every Docker host a live release names, the gate images left untagged, the
 * gate containers of deleted releases and the snapshot names no release keeps; in the work dir, the work
 * areas of deleted releases. Plain Java: the operator runs it on the Quarkus Scheduler (leader only), the
 * command line's agent on its own loop. Only what carries the operator's labels or snapshot names, or lives
 * in its work dir, is ever removed; a person's containers and images are never listed.
 *
 * <p>A host whose engine does not answer is a problem of this sweep (the others go on) and is tried again
 * at the next one; a bug propagates.
 */
public final class Housekeeping {

    /**
     * @param dryRun       list what would be removed and remove nothing
     * @param gateImageAge how old an untagged gate image must be before it goes (a build in progress is younger)
     */
    public record Settings(boolean dryRun, Duration gateImageAge) {
    }

    private final Clock clock;
    private final Settings settings;
    private final GateImageSweep gateImages;
    private final GateContainerSweep gateContainers;
    private final SnapshotSweep snapshots;
    private final WorkAreaSweep workAreas;

    public Housekeeping(HostLeftovers host, WorkAreas areas, Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
        this.gateImages = new GateImageSweep(host, settings.gateImageAge());
        this.gateContainers = new GateContainerSweep(host);
        this.snapshots = new SnapshotSweep(host);
        this.workAreas = new WorkAreaSweep(areas);
    }

    public Settings settings() {
        return settings;
    }

    /** Sweeps once; {@code releases} gives the releases that exist now, and is asked again before an area is deleted. */
    public SweepReport sweep(Supplier<List<LiveRelease>> releases) {
        var removed = new EnumMap<Kind, List<String>>(Kind.class);
        for (var kind : Kind.values()) {
            removed.put(kind, new ArrayList<>());
        }
        var problems = new ArrayList<String>();
        var live = releases.get();
        var liveKeys = keys(live);
        var now = clock.instant();
        for (var entry : byHost(live).entrySet()) {
            var target = entry.getKey().target();
            try {
                removed.get(Kind.GateContainer).addAll(gateContainers.sweep(target, liveKeys, settings.dryRun()));
                removed.get(Kind.GateImage).addAll(gateImages.sweep(target, now, settings.dryRun()));
                removed.get(Kind.Snapshot).addAll(snapshots.sweep(target, entry.getValue(), settings.dryRun()));
            } catch (HostUnavailableException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            removed.get(Kind.WorkArea).addAll(workAreas.sweep(() -> keys(releases.get()), settings.dryRun()));
        } catch (UncheckedIOException e) {
            problems.add(e.getMessage() + ": " + e.getCause().getMessage());
        }
        return new SweepReport(removed, problems, settings.dryRun());
    }

    private static Set<String> keys(List<LiveRelease> releases) {
        return releases.stream().map(LiveRelease::key).collect(Collectors.toSet());
    }

    private static Map<Host, List<LiveRelease>> byHost(List<LiveRelease> releases) {
        var hosts = new LinkedHashMap<Host, List<LiveRelease>>();
        for (var release : releases.stream().filter(r -> r.dockerHost() != null).toList()) {
            hosts.computeIfAbsent(new Host(release.dockerHost(), release.tls()), h -> new ArrayList<>()).add(release);
        }
        return hosts;
    }

    /** A Docker endpoint with its TLS material: two releases on one engine share its sweep. */
    private record Host(String dockerHost, DockerTls tls) {
        ComposeTarget target() {
            return new ComposeTarget(dockerHost, tls, "housekeeping", List.of());
        }
    }
}

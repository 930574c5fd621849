package io.horadus.housekeeping;

import io.horadus.release.port.ComposeTarget;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Snapshot names no release keeps: {@code <repository>:horadus-<tag>} names in the repositories the host's
 * releases snapshot, that none of them lists among its release and its first {@code spec.rollback.keep} good
 * releases. The engine drops a name when a promotion pushes a release out of the kept ones; names stay
 * behind when keep is lowered, or a rejected release's snapshot is never promoted. Only untagged: the
 * image goes with its last name, and one a container runs stays. Swept only while every release on the
 * host is at rest, since a step in flight may have tagged a snapshot its status does not list yet.
 */
final class SnapshotSweep {

    private final HostLeftovers host;

    SnapshotSweep(HostLeftovers host) {
        this.host = host;
    }

    /** The names removed (or, in a dry run, that would be). */
    List<String> sweep(ComposeTarget target, List<LiveRelease> onHost, boolean dryRun) {
        if (onHost.isEmpty() || !onHost.stream().allMatch(LiveRelease::atRest)) {
            return List.of();
        }
        Set<String> kept = new HashSet<>();
        Set<String> repositories = new HashSet<>();
        for (var release : onHost) {
            kept.addAll(release.kept());
            repositories.addAll(release.repositories());
        }
        var removed = new ArrayList<String>();
        for (var name : host.snapshotNames(target, repositories)) {
            if (kept.contains(name)) {
                continue;
            }
            if (!dryRun) {
                host.untag(target, name);
            }
            removed.add(name);
        }
        return removed;
    }
}

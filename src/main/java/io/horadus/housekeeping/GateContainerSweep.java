package io.horadus.housekeeping;

import io.horadus.release.port.ComposeTarget;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Gate containers whose release no longer exists. The engine removes a gate's container when the gate
 * ends; a release deleted while its gate runs is never looked at again, so its container would run on. A
 * container labelled with a release key that names no live release is killed and removed; one without
 * that label (run before the label existed) names no release and is left alone.
 */
final class GateContainerSweep {

    private final HostLeftovers host;

    GateContainerSweep(HostLeftovers host) {
        this.host = host;
    }

    /** The containers removed (or, in a dry run, that would be), by name and release. */
    List<String> sweep(ComposeTarget target, Set<String> liveKeys, boolean dryRun) {
        var removed = new ArrayList<String>();
        for (var container : host.gateContainers(target)) {
            if (container.release().isEmpty() || liveKeys.contains(container.release())) {
                continue;
            }
            if (!dryRun) {
                host.removeContainer(target, container.id());
            }
            removed.add(container.name() + " (" + container.release() + (container.running() ? ", running" : "") + ")");
        }
        return removed;
    }
}

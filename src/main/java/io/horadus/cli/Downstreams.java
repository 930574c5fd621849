package io.horadus.cli;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.local.ReleaseKey;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stages in the agent: which of its releases name which in spec.promotion.from (same namespace), as the
 * manifests said at the last look. After a pass of staging wrote its status, the agent wakes the releases
 * promoted from it, so production sees staging's release, verification or rollback at once, not at its next
 * poll; what the operator does with an index of its informer cache. Read by the workers' threads, changed by
 * the agent's loop.
 */
final class Downstreams {

    private final Map<ReleaseKey, Set<ReleaseKey>> upstreamsOf = new ConcurrentHashMap<>();

    /** {@code release}'s manifest as last read: the upstreams it names, or none. */
    void named(ReleaseKey release, HoradusReleaseSpec spec) {
        var promotion = spec == null ? null : spec.getPromotion();
        if (promotion == null || promotion.getFrom() == null || promotion.getFrom().isEmpty()) {
            upstreamsOf.remove(release);
            return;
        }
        var upstreams = new java.util.HashSet<ReleaseKey>();
        for (var name : promotion.getFrom()) {
            try {
                upstreams.add(ReleaseKey.of(release.namespace(), name));
            } catch (IllegalArgumentException notAName) {
                // The engine says so in the release's status (InvalidSpec); nothing to wake for it.
            }
        }
        upstreamsOf.put(release, Set.copyOf(upstreams));
    }

    /** {@code release} is no longer in the manifests. */
    void forget(ReleaseKey release) {
        upstreamsOf.remove(release);
    }

    /** The releases that name {@code upstream} in spec.promotion.from, in no order. */
    List<ReleaseKey> of(ReleaseKey upstream) {
        return upstreamsOf.entrySet().stream().filter(e -> e.getValue().contains(upstream)).map(Map.Entry::getKey).toList();
    }
}

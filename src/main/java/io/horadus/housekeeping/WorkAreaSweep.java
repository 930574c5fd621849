package io.horadus.housekeeping;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Work areas (git mirror and checkouts) of releases that no longer exist. A release's area is only a
 * cache, but a deleted release's is never used again and holds a whole mirror. Each area is deleted under
 * the lock its release's resolve takes, after asking again which releases exist: a release created under
 * the same name since the sweep began keeps its area.
 */
final class WorkAreaSweep {

    private final WorkAreas areas;

    WorkAreaSweep(WorkAreas areas) {
        this.areas = areas;
    }

    /** The areas removed (or, in a dry run, that would be), by directory name. */
    List<String> sweep(Supplier<Set<String>> liveKeys, boolean dryRun) {
        var live = names(liveKeys.get());
        var removed = new ArrayList<String>();
        for (var name : areas.names()) {
            if (live.contains(name)) {
                continue;
            }
            if (dryRun || areas.remove(name, n -> names(liveKeys.get()).contains(n))) {
                removed.add(name);
            }
        }
        return removed;
    }

    private Set<String> names(Set<String> keys) {
        return keys.stream().map(areas::nameOf).collect(Collectors.toSet());
    }
}

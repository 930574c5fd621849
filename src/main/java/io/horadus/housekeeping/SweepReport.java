package io.horadus.housekeeping;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one sweep removed (or, in a dry run, would have removed), by kind, and what it could not do.
 *
 * @param removed  descriptions by kind: short image IDs, container names, snapshot names, work area names
 * @param problems one line per host or area that could not be swept (an engine that did not answer)
 * @param dryRun   nothing was removed: {@code removed} is what would have been
 */
public record SweepReport(Map<Kind, List<String>> removed, List<String> problems, boolean dryRun) {

    public SweepReport {
        var copy = new EnumMap<Kind, List<String>>(Kind.class);
        removed.forEach((kind, items) -> {
            if (!items.isEmpty()) {
                copy.put(kind, List.copyOf(items));
            }
        });
        removed = Map.copyOf(copy);
        problems = List.copyOf(problems);
    }

    public boolean succeeded() {
        return problems.isEmpty();
    }

    public int count(Kind kind) {
        return removed.getOrDefault(kind, List.of()).size();
    }

    public boolean removedNothing() {
        return removed.isEmpty();
    }

    /**
     * One line for the log: "housekeeping removed 2 gate images (1a2b3c4d5e6f, ...); 1 work area (default_shop)",
     * "would remove" in a dry run; empty when nothing was (to be) removed.
     */
    public String summary() {
        if (removed.isEmpty()) {
            return "";
        }
        var parts = new ArrayList<String>();
        for (var kind : Kind.values()) {
            var items = removed.getOrDefault(kind, List.of());
            if (!items.isEmpty()) {
                parts.add(items.size() + " " + noun(kind, items.size()) + " (" + String.join(", ", items) + ")");
            }
        }
        return "housekeeping " + (dryRun ? "would remove " : "removed ") + String.join("; ", parts)
                + (dryRun ? " [dry run: nothing removed]" : "");
    }

    private static String noun(Kind kind, int count) {
        var noun = switch (kind) {
            case GateImage -> "gate image";
            case GateContainer -> "gate container";
            case Snapshot -> "snapshot name";
            case WorkArea -> "work area";
        };
        return count == 1 ? noun : noun + "s";
    }
}

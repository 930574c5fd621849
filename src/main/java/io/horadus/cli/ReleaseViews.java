package io.horadus.cli;

import io.horadus.api.CheckResult;
import io.horadus.api.Condition;
import io.horadus.api.ConditionType;
import io.horadus.api.GateRecord;
import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.StepState;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the reading commands print for people: {@code get}'s table (the columns of {@code kubectl get hrel}),
 * {@code describe}'s sections and {@code history}'s rows. Pure functions of the stored objects and the time.
 */
final class ReleaseViews {

    private ReleaseViews() {
    }

    /** kubectl get hrel: NAME DESIRED CURRENT LAST GOOD PHASE READY AGE (NAMESPACE first with --all-namespaces). */
    static Table list(List<HoradusRelease> releases, boolean allNamespaces, Instant now) {
        var table = allNamespaces ? new Table("NAMESPACE", "NAME", "DESIRED", "CURRENT", "LAST GOOD", "PHASE", "READY", "AGE")
                : new Table("NAME", "DESIRED", "CURRENT", "LAST GOOD", "PHASE", "READY", "AGE");
        for (var release : releases) {
            var status = status(release);
            var cells = new ArrayList<String>();
            if (allNamespaces) {
                cells.add(release.getMetadata().getNamespace());
            }
            cells.addAll(List.of(release.getMetadata().getName(), nonNull(status.getDesiredTag()), nonNull(status.getCurrentTag()),
                    nonNull(status.getLastGoodTag()), status.getPhase() == null ? "" : status.getPhase().name(),
                    condition(status, ConditionType.Ready).map(Condition::getStatus).orElse(""), age(release, now)));
            table.row(cells.toArray(String[]::new));
        }
        return table;
    }

    /**
     * helm history's rows, oldest first: one per finished release (deployed, superseded, rolled back, failed)
     * and the release in progress, with its description.
     */
    static Table history(HoradusRelease release) {
        var status = status(release);
        var table = new Table("REVISION", "TAG", "COMMIT", "RESULT", "STARTED", "DURATION", "DESCRIPTION");
        var finished = new ArrayList<HistoryEntry>();
        for (var entry : status.getHistory()) {
            // A release verified and later rolled back has two entries: its row is the rollback (the newer).
            if (finished.stream().noneMatch(newer -> sameRelease(newer, entry))) {
                finished.add(entry);
            }
        }
        java.util.Collections.reverse(finished);
        int deployed = -1;
        for (int i = 0; i < finished.size(); i++) {
            var entry = finished.get(i);
            if (entry.getOutcome() == ReleaseOutcome.Succeeded && Objects.equals(entry.getTag(), status.getCurrentTag())) {
                deployed = i;
            }
        }
        for (int i = 0; i < finished.size(); i++) {
            var entry = finished.get(i);
            table.row(revision(entry), entry.getTag(), ProgressLines.shortCommit(entry.getCommit()), result(entry, i == deployed),
                    nonNull(entry.getStartedAt()), duration(entry.getStartedAt(), entry.getFinishedAt()), description(entry));
        }
        var current = status.getRelease();
        if (current != null && current.getStep() != null && !isFinished(current, status)) {
            table.row(current.getGeneration() == null ? "" : current.getGeneration().toString(), current.getTag(),
                    ProgressLines.shortCommit(current.getCommit()),
                    current.getStepState() == StepState.Failed ? "failed" : "in progress (" + ProgressLines.name(current.getStep()) + ")",
                    nonNull(current.getStartedAt()), "", status.getPhase() == null ? "" : status.getPhase().name());
        }
        return table;
    }

    private static boolean sameRelease(HistoryEntry a, HistoryEntry b) {
        return Objects.equals(a.getTag(), b.getTag()) && Objects.equals(a.getStartedAt(), b.getStartedAt()) && Objects.equals(a.getCommit(), b.getCommit());
    }

    /** kubectl describe's sections: the tags, conditions, the release in progress and its gates, the last command, the watch, the last incident. */
    static void describe(HoradusRelease release, Instant now, PrintStream out) {
        var meta = release.getMetadata();
        var status = status(release);
        var spec = release.getSpec();
        out.println("Name:          " + meta.getName());
        out.println("Namespace:     " + meta.getNamespace());
        out.println("Revision:      " + (meta.getGeneration() == null ? "" : meta.getGeneration()));
        out.println("Age:           " + age(release, now));
        out.println("Source:        " + (spec.getSource() == null ? "" : spec.getSource().getUrl()));
        out.println("Target:        " + (spec.getTarget() == null ? "" : nonNull(spec.getTarget().getDockerHost()) + " " + spec.getTarget().getComposeFiles()));
        out.println("Desired tag:   " + nonNull(status.getDesiredTag()));
        out.println("Current tag:   " + nonNull(status.getCurrentTag()) + commitSuffix(status.getCurrentCommit()));
        out.println("Last good tag: " + nonNull(status.getLastGoodTag()) + commitSuffix(status.getLastGoodCommit()));
        out.println("Phase:         " + (status.getPhase() == null ? "" : status.getPhase()));
        out.println("Conditions:");
        var conditions = new Table("  TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
        for (var c : status.getConditions()) {
            conditions.row("  " + c.getType(), c.getStatus(), c.getReason(), c.getLastTransitionTime() == null ? "" : Durations.age(Duration.between(Instant.parse(c.getLastTransitionTime()), now)), c.getMessage());
        }
        conditions.print(out);
        promotion(release, now, out);
        var current = status.getRelease();
        if (current != null) {
            out.println("Release:");
            out.println("  Tag:         " + current.getTag() + commitSuffix(current.getCommit()));
            out.println("  Attempt:     " + (current.getAttempt() == null ? "" : current.getAttempt()));
            out.println("  Step:        " + (current.getStep() == null ? "" : ProgressLines.name(current.getStep()))
                    + (current.getStepState() == null ? "" : " (" + current.getStepState() + ")"));
            out.println("  Started:     " + nonNull(current.getStartedAt()));
            if (current.getNotes() != null && current.getNotes().getText() != null) {
                out.println("  Notes (" + current.getNotes().getSource() + (current.getNotes().getPath() == null ? "" : " " + current.getNotes().getPath()) + "):");
                current.getNotes().getText().lines().forEach(line -> out.println("    " + line));
            }
            if (current.getApproval() != null && current.getApproval().getName() != null) {
                out.println("  Approved by: " + nonNull(current.getApproval().getReviewer()) + " (" + current.getApproval().getName() + ", " + nonNull(current.getApproval().getApprovedAt()) + ")");
            }
            if (!current.getGates().isEmpty()) {
                out.println("  Gates:");
                var gates = new Table("    NAME", "RESULT", "EXIT", "DURATION", "MESSAGE");
                for (GateRecord gate : current.getGates()) {
                    gates.row("    " + gate.getName(), gate.getResult() == null ? "" : gate.getResult().name(),
                            gate.getExitCode() == null ? "" : gate.getExitCode().toString(),
                            gate.getDurationMillis() == null ? "" : Durations.show(Duration.ofMillis(gate.getDurationMillis())), gate.getMessage());
                }
                gates.print(out);
                for (GateRecord gate : current.getGates()) {
                    if (gate.getOutput() != null && !gate.getOutput().isBlank() && gate.getResult() != null && gate.getResult() != io.horadus.api.GateOutcome.Passed) {
                        out.println("  Output of gate " + gate.getName() + ":");
                        gate.getOutput().lines().forEach(line -> out.println("    " + line));
                    }
                }
            }
        }
        var command = status.getLastCommand();
        if (command != null) {
            out.println("Last command:");
            out.println("  Step:        " + (command.getStep() == null ? "" : ProgressLines.name(command.getStep())));
            out.println("  Command:     " + String.join(" ", command.getArgv()));
            out.println("  Exit code:   " + (command.getExitCode() == null ? "" : command.getExitCode())
                    + (command.getDurationMillis() == null ? "" : " after " + Durations.show(Duration.ofMillis(command.getDurationMillis()))));
            if (!command.getOutputTail().isEmpty()) {
                out.println("  Output:");
                command.getOutputTail().forEach(line -> out.println("    " + line));
            }
        }
        var watch = status.getWatch();
        if (watch != null && watch.getTag() != null) {
            out.println("Watch:");
            out.println("  Tag:         " + watch.getTag() + " since " + nonNull(watch.getSince()));
            out.println("  Failed rounds in a row: " + (watch.getConsecutiveFailures() == null ? 0 : watch.getConsecutiveFailures())
                    + " (" + (watch.getFailedRounds() == null ? 0 : watch.getFailedRounds()) + " since the watch began)");
            if (watch.getStartedAgain() != null) {
                out.println("  Started again: " + watch.getStartedAgain() + " round(s) in a row found services stopped and started them");
            }
            checks(watch.getFailedChecks(), out);
        }
        var rollback = status.getRollback();
        if (rollback != null && rollback.getFromTag() != null) {
            out.println("Incident:");
            out.println("  Rolled back: " + rollback.getFromTag() + commitSuffix(rollback.getFromCommit()) + " → " + nonNull(rollback.getToTag()) + commitSuffix(rollback.getToCommit()));
            out.println("  State:       " + (rollback.getState() == null ? "" : rollback.getState()) + (rollback.getRestoredFrom() == null ? "" : " (from " + rollback.getRestoredFrom() + ")"));
            out.println("  Detected:    " + nonNull(rollback.getDetectedAt()) + (rollback.getFinishedAt() == null ? "" : ", finished " + rollback.getFinishedAt()));
            out.println("  Migrated:    " + (Boolean.TRUE.equals(rollback.getMigrated()) ? "yes: the database may hold " + rollback.getFromTag() + "'s schema" : "no"));
            if (rollback.getMessage() != null) {
                out.println("  Message:     " + rollback.getMessage());
            }
            checks(rollback.getFailedChecks(), out);
        }
        if (!status.getGoodReleases().isEmpty()) {
            out.println("Kept for a rollback:");
            status.getGoodReleases().forEach(good -> out.println("  " + good.getTag() + commitSuffix(good.getCommit()) + ", " + good.getImages().size() + " image(s), good since " + nonNull(good.getPromotedAt())));
        }
    }

    /**
     * The stages a tag goes through (dev → staging → production), each upstream's verdict on the tag at the last
     * check, and the tags never promoted again. From the spec alone before the first check.
     */
    private static void promotion(HoradusRelease release, Instant now, PrintStream out) {
        var wanted = release.getSpec().getPromotion();
        var found = status(release).getPromotion();
        if (wanted == null && found == null) {
            return;
        }
        out.println("Promotion:");
        List<String> chain;
        if (found != null && !found.getChain().isEmpty()) {
            chain = found.getChain();
        } else {
            // Before the first check; or spec.promotion removed since, its last status kept.
            chain = new ArrayList<>(wanted == null ? List.of() : wanted.getFrom());
            chain.add(release.getMetadata().getName());
        }
        out.println("  Chain:       " + String.join(" → ", chain));
        if (wanted != null) {
            out.println("  Soak:        " + (wanted.getSoakSeconds() == 0 ? "none" : Durations.show(Duration.ofSeconds(wanted.getSoakSeconds())))
                    + (wanted.isAuto() ? ", auto (follows " + (wanted.getFrom().isEmpty() ? "" : wanted.getFrom().get(0)) + "'s last good tag)" : "")
                    + ", on upstream rollback: " + wanted.getOnUpstreamRollback());
        }
        if (found == null) {
            return;
        }
        if (found.getTag() != null) {
            out.println("  Tag:         " + found.getTag() + (found.getCheckedAt() == null ? "" : ", checked " + found.getCheckedAt()
                    + " (" + Durations.age(Duration.between(Instant.parse(found.getCheckedAt()), now)) + " ago)"));
        }
        if (!found.getUpstreams().isEmpty()) {
            out.println("  Upstreams:");
            var upstreams = new Table("    NAME", "VERDICT", "COMMIT", "VERIFIED", "SOAK ENDS", "MESSAGE");
            for (var verdict : found.getUpstreams()) {
                upstreams.row("    " + nonNull(verdict.getName()), nonNull(verdict.getReason()), verdict.getCommit() == null ? "" : ProgressLines.shortCommit(verdict.getCommit()),
                        nonNull(verdict.getVerifiedAt()), nonNull(verdict.getSoakEndsAt()), nonNull(verdict.getMessage()));
            }
            upstreams.print(out);
        }
        if (!found.getRevoked().isEmpty()) {
            out.println("  Revoked (never promoted automatically again):");
            found.getRevoked().forEach(revoked -> out.println("    " + nonNull(revoked.getTag()) + commitSuffix(revoked.getCommit())
                    + ", rolled back by " + nonNull(revoked.getRelease()) + (revoked.getAt() == null ? "" : " (" + revoked.getAt() + ")")));
        }
    }

    private static void checks(List<CheckResult> checks, PrintStream out) {
        if (checks.isEmpty()) {
            return;
        }
        out.println("  Failed checks:");
        checks.forEach(check -> out.println("    " + check.getName() + ": " + nonNull(check.getDetail()) + (check.getAt() == null ? "" : " (" + check.getAt() + ")")));
    }

    private static String revision(HistoryEntry entry) {
        return entry.getGeneration() == null ? "" : entry.getGeneration().toString();
    }

    /** deployed (what runs now), superseded (deployed, then replaced), rolled back, failed. */
    private static String result(HistoryEntry entry, boolean runsNow) {
        if (entry.getOutcome() == null) {
            return "";
        }
        return switch (entry.getOutcome()) {
            case Succeeded -> runsNow ? "deployed" : "superseded";
            case Superseded -> "superseded";
            case RolledBack -> "rolled back";
            case Failed -> "failed";
        };
    }

    private static String description(HistoryEntry entry) {
        return nonNull(entry.getMessage());
    }

    private static boolean isFinished(io.horadus.api.ReleaseProgress current, HoradusReleaseStatus status) {
        return status.getHistory().stream().anyMatch(h -> Objects.equals(h.getTag(), current.getTag()) && Objects.equals(h.getStartedAt(), current.getStartedAt()));
    }

    private static String duration(String from, String to) {
        if (from == null || to == null) {
            return "";
        }
        return Durations.show(Duration.between(Instant.parse(from), Instant.parse(to)));
    }

    static java.util.Optional<Condition> condition(HoradusReleaseStatus status, ConditionType type) {
        return status.getConditions().stream().filter(c -> type.name().equals(c.getType())).findFirst();
    }

    private static String age(HoradusRelease release, Instant now) {
        var created = release.getMetadata().getCreationTimestamp();
        return created == null ? "" : Durations.age(Duration.between(Instant.parse(created), now));
    }

    private static HoradusReleaseStatus status(HoradusRelease release) {
        return release.getStatus() == null ? new HoradusReleaseStatus() : release.getStatus();
    }

    private static String commitSuffix(String commit) {
        return commit == null ? "" : " (" + ProgressLines.shortCommit(commit) + ")";
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}

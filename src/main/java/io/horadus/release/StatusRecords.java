package io.horadus.release;

import io.horadus.api.CommandRecord;
import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Step;
import io.horadus.release.port.CommandResult;

import java.time.Instant;
import java.util.Optional;

/** The records a release leaves in status besides conditions: its last command and its history. */
public final class StatusRecords {

    static final int HISTORY_LIMIT = 10;

    private StatusRecords() {
    }

    public static void recordCommand(HoradusReleaseStatus status, Step step, CommandResult result, Instant now) {
        var record = new CommandRecord();
        record.setStep(step);
        record.setArgv(result.argv());
        record.setExitCode(result.exitCode());
        record.setOutputTail(result.outputTail());
        record.setDurationMillis(result.duration().toMillis());
        record.setFinishedAt(Timestamps.format(now));
        status.setLastCommand(record);
    }

    /** The command's exit code and last lines, for an event (kept short: events are not logs). */
    public static String commandSummary(Optional<CommandResult> command) {
        return command.map(c -> {
            var tail = c.outputTail();
            var last = tail.subList(Math.max(0, tail.size() - 5), tail.size());
            return " [exit " + c.exitCode() + "]" + (last.isEmpty() ? "" : "\n" + String.join("\n", last));
        }).orElse("");
    }

    public static void addHistory(HoradusReleaseStatus status, ReleaseProgress release, ReleaseOutcome outcome,
                           Reason reason, String message, Instant now) {
        var entry = new HistoryEntry();
        entry.setTag(release.getTag());
        entry.setCommit(release.getCommit());
        entry.setGeneration(release.getGeneration());
        entry.setOutcome(outcome);
        entry.setReason(reason.name());
        entry.setMessage(message);
        entry.setStartedAt(release.getStartedAt());
        entry.setFinishedAt(Timestamps.format(now));
        entry.setImages(new java.util.ArrayList<>(release.getImages()));
        var history = status.getHistory();
        history.add(0, entry);
        while (history.size() > HISTORY_LIMIT) {
            history.remove(history.size() - 1);
        }
    }
}

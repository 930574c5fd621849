package io.horadus.release.rollback;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.RollbackRecord;
import io.horadus.api.Step;
import io.horadus.release.OnceOnlyRun;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.StatusRecords;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRefusedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The opt-in down-migration of a rollback (spec.rollback.downMigration): the declared command, run once
 * from the failed release's image and checkout, before the last good version's images are put back.
 * "Once" is the release migration's protocol ({@link OnceOnlyRun}): the run's name is recorded before it
 * starts, its exit code before its container is removed, and a resumed rollback asks the host what
 * became of a run it cannot account for.
 */
final class DownMigrations {

    static final Duration RUNNING_POLL = Duration.ofSeconds(1);

    /** What the rollback does next. */
    sealed interface Next {
        /** Done (exit code 0 recorded and its container removed), or not wanted: restore the last good version. */
        record Restore() implements Next {
        }

        /** Come back after this long: the run's name or exit code must be written first, or it still runs. */
        record Wait(Duration after, String message) implements Next {
        }

        /** It failed: the rollback stops here. */
        record Fail(String message) implements Next {
        }
    }

    private final ComposeHost compose;
    private final OnceOnlyRun once;
    private final ReleaseSource source;
    private final java.time.Clock clock;

    DownMigrations(ComposeHost compose, HostObserver observer, ReleaseSource source, java.time.Clock clock) {
        this.compose = compose;
        this.once = new OnceOnlyRun(observer);
        this.source = source;
        this.clock = clock;
    }

    /** Whether this rollback runs one: declared, and the failed release had migrated the database. */
    static boolean wanted(ReleaseRequest request, RollbackRecord record) {
        var down = request.spec().getRollback().getDownMigration();
        return down != null && down.isEnabled() && !down.getCommand().isEmpty() && Boolean.TRUE.equals(record.getMigrated());
    }

    Next advance(ReleaseRequest request, HoradusReleaseStatus status, RollbackRecord record) {
        if (!wanted(request, record)) {
            return new Next.Restore();
        }
        var target = request.target();
        var rollout = request.spec().getRollout();
        var down = request.spec().getRollback().getDownMigration();
        if (record.getDownMigrationRun() == null) {
            record.setDownMigrationRun(runName(request, record));
            return new Next.Wait(Duration.ZERO, "down-migration " + record.getDownMigrationRun() + " of " + record.getFromTag() + " is about to run");
        }
        var runName = record.getDownMigrationRun();
        var since = Instant.parse(record.getDetectedAt());
        // Its name was recorded before it could start: a pass without its exit code always asks the host.
        var before = once.before(target, runName, record.getDownMigrationExitCode(), since, true);
        if (before instanceof OnceOnlyRun.Next.Finished finished) {
            return finished.exitCode() == 0 ? new Next.Restore()
                    : new Next.Fail("the down-migration " + runName + " exited with code " + finished.exitCode() + "; " + record.getFromTag()
                    + " keeps running and the database may be partly downgraded: look at it before anything else runs");
        }
        if (!(before instanceof OnceOnlyRun.Next.Run)) {
            return ran(record, runName, before, null);
        }
        ReleaseWorktree failed;
        try {
            var directory = source.worktree(request.source(record.getFromTag(), Optional.ofNullable(record.getFromCommit())), record.getFromCommit());
            failed = new ReleaseWorktree(target, record.getFromTag(), record.getFromCommit(), directory);
        } catch (SourceRefusedException refused) {
            return new Next.Fail("cannot check out " + record.getFromTag() + " for its down-migration: " + refused.getMessage());
        }
        var service = down.getService() == null ? rollout.getMigration().getService() : down.getService();
        var result = compose.migrate(failed, service, rollout.getMigration().getProfile(), runName, down.getCommand());
        StatusRecords.recordCommand(status, Step.RollBack, result, clock.instant());
        return ran(record, runName, once.after(target, runName, since, result), result);
    }

    /** What the run's state means for the rollback; {@code result} is the command this pass ran, or null. */
    private static Next ran(RollbackRecord record, String runName, OnceOnlyRun.Next next, CommandResult result) {
        if (next instanceof OnceOnlyRun.Next.Running) {
            return new Next.Wait(RUNNING_POLL, "down-migration " + runName + " is still running on the host");
        }
        if (next instanceof OnceOnlyRun.Next.Exited exited) {
            return recorded(record, exited.exitCode());
        }
        if (next instanceof OnceOnlyRun.Next.NeverStarted) {
            return new Next.Fail("the down-migration " + runName + " was created but never started: " + result.lastLine());
        }
        // No container: compose failed before creating one (or was killed at its timeout); its result is all there is.
        return result.succeeded() ? recorded(record, 0)
                : new Next.Fail("the down-migration " + runName + " failed with exit code " + result.exitCode() + ": " + result.lastLine());
    }

    /** The exit code goes into status first; the container is removed by the next reconcile. */
    private static Next recorded(RollbackRecord record, int exitCode) {
        record.setDownMigrationExitCode(exitCode);
        return new Next.Wait(Duration.ZERO, "down-migration " + record.getDownMigrationRun() + " exited with code " + exitCode);
    }

    /** project-down-tag-detected: unique per rollback, a valid container name. */
    private static String runName(ReleaseRequest request, RollbackRecord record) {
        return request.spec().getTarget().getProject() + "-down-" + record.getFromTag() + "-"
                + Long.toString(Instant.parse(record.getDetectedAt()).getEpochSecond(), 36);
    }
}

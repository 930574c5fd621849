package io.horadus.release;

import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.MigrationRun;

import java.time.Instant;

/**
 * The protocol that makes a run happen at most once (the release's migration, a rollback's
 * down-migration): "once" rests on status and the run's own container, never on the engine's short
 * event history. The run has a name unique to its attempt and runs without {@code --rm}; its exit code
 * is recorded in status before its container is removed (one pass later); a pass that cannot account for
 * a run it may have started asks the host what became of it. The callers word each answer for their users.
 */
public final class OnceOnlyRun {

    /** Where the run stands. */
    public sealed interface Next {
        /** It has not run and nothing of it is on the host: run it now. */
        record Run() implements Next {
        }

        /** Its container still runs (a previous pass or process started it): look again later. */
        record Running() implements Next {
        }

        /** It ended with this code, not yet recorded: record it and come back at once; the container goes after that write. */
        record Exited(int exitCode) implements Next {
        }

        /** The code was recorded earlier and the container is now removed: the run is over. */
        record Finished(int exitCode) implements Next {
        }

        /** Just run: its container was created and never started (removed now): it did not run. */
        record NeverStarted() implements Next {
        }

        /**
         * Just run, and no container answers for it: the command failed before creating one, or was killed
         * at its timeout while the run went on. The command's own result is all there is.
         */
        record NoTrace() implements Next {
        }
    }

    private final HostObserver observer;

    public OnceOnlyRun(HostObserver observer) {
        this.observer = observer;
    }

    /**
     * Before running: what status and the host say of the run.
     *
     * @param recordedExit the exit code status holds, or null
     * @param since        when the run's attempt began (the host's records before it are not this run's)
     * @param resumed      whether an earlier pass may have started it; if not, exited runs left by earlier
     *                     attempts are removed instead of asked about
     */
    public Next before(ComposeTarget target, String runName, Integer recordedExit, Instant since, boolean resumed) {
        if (recordedExit != null) {
            // Status holds the exit code now, so the container has told all it had to.
            observer.removeMigrationRun(target, runName);
            return new Next.Finished(recordedExit);
        }
        if (!resumed) {
            observer.removeExitedMigrationRuns(target, runName);
            return new Next.Run();
        }
        var seen = observer.migrationRun(target, runName, since);
        if (seen instanceof MigrationRun.Running) {
            return new Next.Running();
        }
        if (seen instanceof MigrationRun.Exited exited) {
            return new Next.Exited(exited.exitCode());
        }
        if (seen instanceof MigrationRun.Created) {
            // Created and never started: it did not run, so it may run now.
            observer.removeMigrationRun(target, runName);
        }
        return new Next.Run();
    }

    /** After the command ran: what its container says, which is what status will record. */
    public Next after(ComposeTarget target, String runName, Instant since, CommandResult result) {
        var seen = observer.migrationRun(target, runName, since);
        if (seen instanceof MigrationRun.Exited exited) {
            return new Next.Exited(exited.exitCode());
        }
        if (seen instanceof MigrationRun.Created) {
            // The engine failed to start it; the command's output says why. It never ran: nothing to undo.
            observer.removeMigrationRun(target, runName);
            return new Next.NeverStarted();
        }
        if (seen instanceof MigrationRun.Running && result.succeeded()) {
            return new Next.Running();
        }
        return new Next.NoTrace();
    }
}

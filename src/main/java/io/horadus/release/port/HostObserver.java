package io.horadus.release.port;

import java.time.Instant;

/**
 * Reads the host through the Docker API. The one change it makes is to the operator's own migration
 * run containers: they are kept after they exit so their exit code outlives a restart, and removed
 * once status has recorded it (the runbook's {@code run --rm}, done in two steps).
 */
public interface HostObserver {

    /** The containers of the target's compose project, found by compose labels. */
    HostState observe(ComposeTarget target);

    /**
     * What became of a migration run started at or after {@code since}: created but never started,
     * still running, exited with a code (read from its container; from its "die" event only when the
     * container is gone, e.g. removed by someone else), or absent (it never started, as far as the
     * host can tell).
     */
    MigrationRun migrationRun(ComposeTarget target, String runName, Instant since);

    /**
     * Removes the run's container: once its exit code is recorded in status, or when it was created
     * and never started. A container already gone is not an error; a running one is never removed
     * (the engine refuses, and that is a {@link HostUnavailableException}).
     */
    void removeMigrationRun(ComposeTarget target, String runName);

    /**
     * Removes the project's exited migration run containers other than {@code current}: leftovers of
     * earlier attempts (a removal that failed, a run whose compose was killed). Their results are in
     * status already, since a new migration begins only after the previous one was seen to its end.
     */
    void removeExitedMigrationRuns(ComposeTarget target, String current);
}

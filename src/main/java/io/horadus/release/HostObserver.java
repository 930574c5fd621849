package io.horadus.release;

import java.time.Instant;

/** Reads the host (through the Docker API), never changes it. */
public interface HostObserver {

    /** The containers of the target's compose project, found by compose labels. */
    HostState observe(ComposeTarget target);

    /**
     * What became of a migration run started at or after {@code since}: still running, exited with a
     * code (found as a container, or as its "die" event when compose already removed it), or absent
     * (it never started, as far as the host can tell).
     */
    MigrationRun migrationRun(ComposeTarget target, String runName, Instant since);
}

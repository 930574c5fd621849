package io.horadus.release.port;

/** What the host tells about one migration run. */
public sealed interface MigrationRun {

    /** No trace of the run: it never started. */
    record Absent() implements MigrationRun {
    }

    /**
     * The run's container exists but was never started (the engine or compose failed between create
     * and start): the migration did not run, so removing the container and running it is safe.
     */
    record Created() implements MigrationRun {
    }

    /** The run's container is still running (a previous operator process started it). */
    record Running() implements MigrationRun {
    }

    /** The run ended with this exit code. */
    record Exited(int exitCode) implements MigrationRun {
    }
}

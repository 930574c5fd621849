package io.horadus.release;

/** What the host tells about one migration run. */
public sealed interface MigrationRun {

    /** No trace of the run: it never started. */
    record Absent() implements MigrationRun {
    }

    /** The run's container is still running (a previous operator process started it). */
    record Running() implements MigrationRun {
    }

    /** The run ended with this exit code. */
    record Exited(int exitCode) implements MigrationRun {
    }
}

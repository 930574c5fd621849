package io.horadus.release.port;

/** What a started gate's container is doing, as the Docker engine says. */
public sealed interface GateState {

    /** Its command still runs. */
    record Running() implements GateState {
    }

    /** Its command ended with this exit code. */
    record Exited(int exitCode) implements GateState {
    }

    /** No container under the run's name, or one that was never started: the gate must run again. */
    record Missing() implements GateState {
    }
}

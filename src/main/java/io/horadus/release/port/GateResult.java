package io.horadus.release.port;

import java.time.Duration;

/**
 * How a gate's run ended. {@code output} is the tail of the container's combined stdout and stderr,
 * at most {@value #OUTPUT_MAX} characters, unmasked: the engine masks secret values before it shows it.
 */
public sealed interface GateResult {

    int OUTPUT_MAX = 2048;

    Duration took();

    String output();

    /** The command ran and exited with this code. */
    record Exited(int exitCode, String output, Duration took) implements GateResult {
    }

    /** The command was still running at the gate's timeout and was killed. */
    record TimedOut(Duration timeout, String output, Duration took) implements GateResult {
    }

    /**
     * The command never ran: the image is missing or failed to build, the network does not exist, the
     * container could not be created, started or copied into, the engine failed. {@code why} says
     * which, in one line.
     */
    record NotRun(String why, String output, Duration took) implements GateResult {
    }
}

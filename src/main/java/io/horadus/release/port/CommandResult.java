package io.horadus.release.port;

import java.time.Duration;
import java.util.List;

/**
 * A finished compose command.
 *
 * @param argv       the arguments as run
 * @param outputTail the last lines of stdout and stderr combined, bounded (20 lines, 200 chars each)
 */
public record CommandResult(List<String> argv, int exitCode, List<String> outputTail, Duration duration) {
    public CommandResult {
        argv = List.copyOf(argv);
        outputTail = List.copyOf(outputTail);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last non-blank output line, for a one-line message. */
    public String lastLine() {
        for (int i = outputTail.size() - 1; i >= 0; i--) {
            if (!outputTail.get(i).isBlank()) {
                return outputTail.get(i).strip();
            }
        }
        return "";
    }
}

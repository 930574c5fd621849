package io.horadus.cli;

/**
 * How a command ends, one code per outcome a script may act on (documented in docs/command-line.md).
 * picocli's own code for a command line it cannot parse is 2.
 */
enum ExitCode {
    /** The release is Ready at its tag (or the command did what it was asked). */
    READY(0),
    /** Refused (a bad manifest, a state file or lock that forbids acting) or failed (a step failed, Stalled). */
    FAILED(1),
    /** The command line could not be parsed. */
    USAGE(2),
    /** Health stayed failed and the last good release was put back. */
    ROLLED_BACK(3),
    /** The release waits for a reviewer's approval. */
    AWAITING_APPROVAL(4),
    /** --timeout passed before the release came to rest. */
    TIMED_OUT(5);

    final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The worse of two outcomes, for a command that acts on several releases: the higher code. */
    ExitCode worse(ExitCode other) {
        return other.code > code ? other : this;
    }
}

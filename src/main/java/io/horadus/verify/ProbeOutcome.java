package io.horadus.verify;

/** What one HTTP GET came back with: an answer (any status), or why there was none. */
sealed interface ProbeOutcome {

    /**
     * The server answered.
     *
     * @param body the start of the body, bounded by the probe's byte limit
     * @param cut  the body reached that limit, so its end may be missing
     */
    record Answered(int status, String body, boolean cut) implements ProbeOutcome {
        boolean success() {
            return status >= 200 && status < 300;
        }
    }

    /** No answer: refused, timed out, unresolvable, TLS failure; {@code reason} is short and one line. */
    record Unreachable(String reason) implements ProbeOutcome {
    }
}

package io.horadus.api;

/** What became of one gate of a release. */
public enum GateOutcome {
    /** Started (an event said so); a restart runs it again, gates being read-only. */
    Running,
    /** Exited 0. */
    Passed,
    /** Exited non-zero, timed out, or could not run: the release stops before the build. */
    Failed,
    /** Its path condition found no matching change: not run. */
    Skipped,
    /** Failed, and the spec accepts that for the written reason shown beside it. */
    AllowedFailure
}

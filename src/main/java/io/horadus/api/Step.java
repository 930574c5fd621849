package io.horadus.api;

/** The runbook's steps, in the order a release goes through them. */
public enum Step {
    Resolve, Build, Migrate, RollOut, Verify, Done,
    /** Not a pipeline step: the release failed its checks and the last good release is being put back. */
    RollBack
}

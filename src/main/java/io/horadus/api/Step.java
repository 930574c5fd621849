package io.horadus.api;

/** The runbook's steps, in the order a release goes through them. */
public enum Step {
    Resolve,
    /** Stages: waits until every upstream of spec.promotion released the same commit and watched it healthy for the soak time. */
    Upstream,
    /** The pre-release checklist: declared commands in one-off containers, read-only by contract. */
    Gate,
    /** The reviewer: waits for an approval naming the tag and its commit, when the spec requires one. */
    Approve,
    Build, Migrate, RollOut, Verify, Done,
    /** Not a pipeline step: the release failed its checks and the last good release is being put back. */
    RollBack
}

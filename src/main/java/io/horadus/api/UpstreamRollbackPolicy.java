package io.horadus.api;

/** What a release does when an upstream rolls back the tag it has already released. */
public enum UpstreamRollbackPolicy {
    /** Say so (a Warning Event and the UpstreamVerified condition) and leave the host as it is. */
    Report,
    /** Say so and roll this release back to its last good tag as well. */
    RollBack
}

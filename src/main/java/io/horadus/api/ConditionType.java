package io.horadus.api;

/**
 * The types of the conditions the operator writes in status.conditions. Each name is the JSON string:
 * {@link Condition#getType()} stays a String so the CRD does not change.
 */
public enum ConditionType {
    /** kstatus summary: the desired state is reached (True), not yet (Unknown), or not reachable now (False). */
    Ready,
    /** kstatus summary: the operator is working towards the desired state. */
    Reconciling,
    /** kstatus summary: stopped for good until the spec changes (or a person acts). */
    Stalled,
    /** Step Resolve: the tag is resolved, checked and checked out. */
    SourceReady,
    /** Step Upstream (only with spec.promotion): every upstream released and verified the same commit, and the soak passed. */
    UpstreamVerified,
    /** Step Gate. */
    GatesPassed,
    /** Step Approve. */
    Approved,
    /** Step Build. */
    Built,
    /** Step Migrate. */
    Migrated,
    /** Step RollOut. */
    RolledOut,
    /** Step Verify, then the watch of the released (or restored) version. */
    Healthy,
    /** The watch: whether the host still runs the release's images. */
    Drifted,
    /** The last rollback: True once it restored and verified the last good release, False when it failed. */
    RolledBack,
    /** A person's last rollback request, while it could not be served: False with RollbackRefused (removed when one is served). */
    RollbackRequest
}

package io.horadus.api;

/** status.phase: the contract's values (DESIGN.md section 3). */
public enum Phase {
    Pending, Resolving, AwaitingUpstream, Gating, AwaitingApproval, Building, Migrating, RollingOut, Verifying,
    Ready, RollingBack, RolledBack, Failed, Suspended
}

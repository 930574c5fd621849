package io.horadus.api;

/** How a release ended. */
public enum ReleaseOutcome {
    Succeeded, Failed, Superseded, RolledBack
}

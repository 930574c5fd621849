package io.horadus.api;

/** Where a rollback stands: restoring the last good images, verifying them, done, or failed for good. */
public enum RollbackState {
    Restoring, Verifying, RolledBack, Failed
}

package io.horadus.local;

import java.util.Optional;

/** Another horadus process (or another command in this one) is acting on the release: this one must not. */
public final class LockHeld extends RuntimeException {

    private final ReleaseKey key;
    private final transient LockHolder holder;

    LockHeld(ReleaseKey key, LockHolder holder) {
        super("release " + key + " is held by " + (holder == null ? "another process, which has not yet said who it is" : holder.describe()));
        this.key = key;
        this.holder = holder;
    }

    public ReleaseKey key() {
        return key;
    }

    /** The holder as its lock file names it; empty in the moment between its lock and its writing the file. */
    public Optional<LockHolder> holder() {
        return Optional.ofNullable(holder);
    }
}

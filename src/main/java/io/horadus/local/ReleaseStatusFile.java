package io.horadus.local;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.release.driver.StatusStore;

import java.util.Objects;

/**
 * One release's state file as the driver's status store, for the command holding the release's lock:
 * each save rewrites the whole release with the new status, atomically and durably, before it returns
 * (a killed horadus resumes from it); a save that changes nothing writes nothing.
 */
public final class ReleaseStatusFile implements StatusStore {

    private final StateDirectory state;
    private final ReleaseLock lock;
    private StoredRelease current;

    /**
     * @param lock    the release's lock, held by the caller for as long as it drives the release
     * @param release the release as {@code state} stores it (written there first), whose status the driver continues
     */
    public ReleaseStatusFile(StateDirectory state, ReleaseLock lock, StoredRelease release) {
        if (!lock.key().equals(release.key())) {
            throw new IllegalArgumentException("the lock of " + lock.key() + " does not hold " + release.key());
        }
        this.state = Objects.requireNonNull(state);
        this.lock = lock;
        this.current = release;
    }

    @Override
    public synchronized HoradusReleaseStatus load() {
        return current.status();
    }

    /**
     * @throws IllegalStateException when the lock was closed meanwhile
     * @throws StateRefused          when the file was replaced by one horadus refuses (left as it is)
     */
    @Override
    public synchronized void save(HoradusReleaseStatus status) {
        if (!lock.held()) {
            throw new IllegalStateException("release " + lock.key() + " is no longer locked by this command; its status is not saved");
        }
        var next = current.withStatus(status);
        if (next.equals(current)) {
            return;
        }
        state.write(next);
        current = next;
    }

    /** The release as last saved (or as given), for the command to show. */
    public synchronized StoredRelease release() {
        return current;
    }
}

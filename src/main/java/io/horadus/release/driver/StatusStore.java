package io.horadus.release.driver;

import io.horadus.api.HoradusReleaseStatus;

/**
 * Where one release's status is kept between passes: the status subresource for the operator, a file
 * for the command line. Status is the record a restarted driver resumes from, so a save must be durable
 * before it returns.
 */
public interface StatusStore {

    /** The status as last saved, as a copy the driver may change; an empty status for a release never saved. */
    HoradusReleaseStatus load();

    /**
     * Persists {@code status}; a store may skip a save that changes nothing. Throws when the status cannot
     * be saved (a conflict, the store unreachable): the pass ends there and is run again.
     */
    void save(HoradusReleaseStatus status);
}

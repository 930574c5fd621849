package io.horadus.release;

import io.horadus.api.HoradusReleaseStatus;

/** Persists status before a step touches the host, so a restart knows what may have begun. */
@FunctionalInterface
public interface StatusWriter {
    void write(HoradusReleaseStatus status);
}

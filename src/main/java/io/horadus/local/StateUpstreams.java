package io.horadus.local;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.release.port.UpstreamStatuses;

import java.util.Optional;

/**
 * The upstreams of spec.promotion without a cluster: the other releases of the same state directory, read
 * from their files as they are now (written whole and renamed into place, so a read never sees half a
 * status). A name that is not a release name, or a file this horadus does not read, is not found.
 */
public final class StateUpstreams implements UpstreamStatuses {

    private final StateDirectory directory;

    public StateUpstreams(StateDirectory directory) {
        this.directory = directory;
    }

    @Override
    public Optional<HoradusReleaseStatus> status(String namespace, String name) {
        try {
            return directory.read(ReleaseKey.of(namespace, name)).map(StoredRelease::status);
        } catch (IllegalArgumentException | StateRefused unreadable) {
            return Optional.empty();
        }
    }
}

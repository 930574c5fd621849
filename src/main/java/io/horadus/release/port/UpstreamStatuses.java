package io.horadus.release.port;

import io.horadus.api.HoradusReleaseStatus;

import java.util.Optional;

/**
 * Where a release reads its upstreams' status (spec.promotion.from): the operator's informer cache of
 * HoradusReleases, the command line's state files. Only the release's own namespace is ever asked.
 */
@FunctionalInterface
public interface UpstreamStatuses {

    /** Nobody upstream: for drivers of single releases. */
    UpstreamStatuses NONE = (namespace, name) -> Optional.empty();

    /**
     * The status of release {@code name} in {@code namespace} as its store holds it now: empty when there is
     * no such release, an empty status when it has none yet. The object may be shared: never change it.
     */
    Optional<HoradusReleaseStatus> status(String namespace, String name);
}

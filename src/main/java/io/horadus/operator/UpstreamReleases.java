package io.horadus.operator;

import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.release.port.UpstreamStatuses;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

import java.util.List;
import java.util.Optional;

/**
 * Stages on a cluster: a release reads its upstreams' status from the informer's cache of releases (no
 * API call, and no RBAC beyond the watch the operator already has), and a release whose status was just
 * written wakes the releases that name it in spec.promotion.from, found through an index of that cache.
 * Status-only changes are filtered out of the controller's own events, and the status writes are this
 * operator's: so the reconciler tells this source after each pass that wrote one.
 */
final class UpstreamReleases extends SimpleInboundEventSource<HoradusRelease> implements UpstreamStatuses {

    static final String INDEX = "horadus.io/upstream";

    private volatile IndexerResourceCache<HoradusRelease> cache;

    UpstreamReleases() {
        super("horadus-upstream-releases");
    }

    /** Indexes the controller's cache by upstream; called once, before the informer starts. */
    void attach(IndexerResourceCache<HoradusRelease> primaries) {
        primaries.addIndexer(INDEX, UpstreamReleases::upstreams);
        this.cache = primaries;
    }

    @Override
    public Optional<HoradusReleaseStatus> status(String namespace, String name) {
        var primaries = cache;
        if (primaries == null) {
            return Optional.empty();
        }
        return primaries.get(new ResourceID(name, namespace))
                .map(release -> release.getStatus() == null ? new HoradusReleaseStatus() : release.getStatus());
    }

    /** {@code release}'s status changed: each release promoted from it is reconciled. */
    void changed(HoradusRelease release) {
        var primaries = cache;
        if (primaries == null) {
            return;
        }
        for (var downstream : primaries.byIndex(INDEX, key(release.getMetadata().getNamespace(), release.getMetadata().getName()))) {
            propagateEvent(ResourceID.fromResource(downstream));
        }
    }

    private static List<String> upstreams(HoradusRelease release) {
        var spec = release.getSpec();
        if (spec == null || spec.getPromotion() == null || spec.getPromotion().getFrom() == null) {
            return List.of();
        }
        var namespace = release.getMetadata().getNamespace();
        return spec.getPromotion().getFrom().stream().map(name -> key(namespace, name)).toList();
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.horadus.api.HoradusRelease;

/**
 * The informer's cache of releases, without the two parts of an object the operator never reads and
 * that grow with every field and every writer: {@code metadata.managedFields} (a tree per field
 * manager, the status writer's among them) and the {@code kubectl.kubernetes.io/last-applied-configuration}
 * annotation (a second copy of the spec, as JSON, after every {@code kubectl apply}). Controller-runtime
 * drops the first the same way (its TransformStripManagedFields). Each object is trimmed in place as
 * it enters the cache, so an update event's old and new object are alike.
 *
 * <p>The status writes stay correct without them: an update of the status subresource ignores
 * metadata, and absent managedFields in a request leave the server's own as they are.
 */
public final class TrimmedReleaseStore extends BasicItemStore<HoradusRelease> {

    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    public TrimmedReleaseStore() {
        super(Cache::metaNamespaceKeyFunc);
    }

    @Override
    public HoradusRelease put(String key, HoradusRelease release) {
        return super.put(key, trim(release));
    }

    static HoradusRelease trim(HoradusRelease release) {
        var metadata = release.getMetadata();
        if (metadata != null) {
            metadata.setManagedFields(null);
            var annotations = metadata.getAnnotations();
            if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
                annotations.remove(LAST_APPLIED);
            }
        }
        return release;
    }
}

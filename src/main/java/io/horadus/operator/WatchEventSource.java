package io.horadus.operator;

import io.horadus.api.HoradusRelease;
import io.horadus.manifest.Annotations;
import io.horadus.manifest.ReleaseRequests;
import io.horadus.release.watch.WatchRounds;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns the watch's rounds into JOSDK events: a round that changes something triggers a reconcile of its
 * release (which applies it); a deleted release is told to the driver (its rounds stop, its series go). Also a new value of the horadus.io/retry
 * or horadus.io/rollback annotation triggers a reconcile: annotations change no generation, so the
 * controller's own event source filters them out, and the watch no longer reconciles a release every interval.
 */
final class WatchEventSource extends SimpleInboundEventSource<HoradusRelease> implements ResourceEventAware<HoradusRelease> {

    private final Consumer<String> deleted;

    /** @param deleted told the key of a deleted release ({@code ReleaseDriver.deleted}: its rounds stop, its series go) */
    WatchEventSource(WatchRounds rounds, Consumer<String> deleted) {
        super("horadus-watch-rounds");
        this.deleted = deleted;
        rounds.onChange(key -> propagateEvent(resourceId(key)));
    }

    @Override
    public void onResourceDeleted(HoradusRelease resource) {
        deleted.accept(key(resource));
    }

    @Override
    public void onResourceUpdated(HoradusRelease newResource, HoradusRelease oldResource) {
        if (!Objects.equals(annotation(newResource, Annotations.RETRY), annotation(oldResource, Annotations.RETRY))
                || !Objects.equals(annotation(newResource, Annotations.ROLLBACK), annotation(oldResource, Annotations.ROLLBACK))) {
            propagateEvent(ResourceID.fromResource(newResource));
        }
    }

    private static String annotation(HoradusRelease resource, String name) {
        var annotations = resource == null ? null : resource.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(name);
    }

    /** The release key the driver uses: "namespace/name". */
    static String key(HoradusRelease resource) {
        return ReleaseRequests.key(resource);
    }

    static ResourceID resourceId(String key) {
        var slash = key.indexOf('/');
        return new ResourceID(key.substring(slash + 1), key.substring(0, slash));
    }
}

package io.horadus.manifest;

import io.horadus.api.HoradusRelease;
import io.horadus.release.driver.ReleaseInput;

/**
 * A HoradusRelease as the driver's input: its key, metadata.generation as the spec's revision, the retry
 * and rollback annotations. The command line reads its stored releases with the same mapping.
 */
public final class ReleaseRequests {

    private ReleaseRequests() {
    }

    public static ReleaseInput input(HoradusRelease release) {
        var annotations = release.getMetadata().getAnnotations();
        var retryToken = annotations == null ? null : annotations.get(Annotations.RETRY);
        var rollback = RollbackAnnotation.parse(annotations == null ? null : annotations.get(Annotations.ROLLBACK)).orElse(null);
        return new ReleaseInput(key(release), generation(release), release.getSpec(), retryToken, rollback);
    }

    /** "namespace/name": the release's key in the engine and the watch. */
    public static String key(HoradusRelease release) {
        return release.getMetadata().getNamespace() + "/" + release.getMetadata().getName();
    }

    /** metadata.generation; absent only on objects that never went through an API server. */
    static long generation(HoradusRelease release) {
        var generation = release.getMetadata().getGeneration();
        return generation == null ? 0L : generation;
    }
}

package io.horadus.release.driver;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.release.RollbackRequest;

/**
 * A release as its store holds it, handed to the driver for one pass: the operator makes it from a
 * HoradusRelease object, the command line from a manifest and its state.
 *
 * @param key        namespace/name, stable across restarts
 * @param revision   the spec's revision in the store (metadata.generation on a cluster); it grows when the spec changes
 * @param retryToken a person's request to try a failed or rolled-back tag again, or null
 * @param rollback   a person's request to put a kept release back from its images (acted on once per token), or null
 */
public record ReleaseInput(String key, long revision, HoradusReleaseSpec spec, String retryToken, RollbackRequest rollback) {

    /** A release without a person's rollback request. */
    public ReleaseInput(String key, long revision, HoradusReleaseSpec spec, String retryToken) {
        this(key, revision, spec, retryToken, null);
    }

    public String namespace() {
        var slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    public String name() {
        return key.substring(key.indexOf('/') + 1);
    }
}

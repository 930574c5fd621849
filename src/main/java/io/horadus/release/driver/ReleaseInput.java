package io.horadus.release.driver;

import io.horadus.api.HoradusReleaseSpec;

/**
 * A release as its store holds it, handed to the driver for one pass: the operator makes it from a
 * HoradusRelease object, the command line from a manifest and its state.
 *
 * @param key        namespace/name, stable across restarts
 * @param revision   the spec's revision in the store (metadata.generation on a cluster); it grows when the spec changes
 * @param retryToken a person's request to try a failed or rolled-back tag again, or null
 */
public record ReleaseInput(String key, long revision, HoradusReleaseSpec spec, String retryToken) {

    public String namespace() {
        var slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }
}

package io.horadus.local;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.release.Timestamps;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One release as its state file holds it: the whole HoradusRelease object a cluster would hold
 * (apiVersion, kind, metadata with name, namespace, generation and annotations, the spec, and the status
 * exactly as the CRD's status), so `horadus get -o yaml` and `kubectl get -o yaml` show the same document.
 *
 * <p>A value: it keeps its own copy, hands out copies, and every change returns a new one.
 * metadata.generation is the spec's revision, and, as on an API server, it grows only when the spec
 * changes: a status or annotation change leaves it.
 */
public final class StoredRelease {

    private final HoradusRelease release;
    /** The object as JSON: what equality, the spec comparison and the state file go by. */
    private final String json;

    private StoredRelease(HoradusRelease release) {
        this.release = release;
        this.json = ReleaseJson.write(release);
    }

    /** A release never stored before: generation 1, an empty status, created {@code now}. */
    public static StoredRelease create(ReleaseKey key, HoradusReleaseSpec spec, Instant now) {
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder()
                .withNamespace(key.namespace())
                .withName(key.name())
                .withGeneration(1L)
                .withCreationTimestamp(Timestamps.format(now))
                .build());
        release.setSpec(ReleaseJson.copy(Objects.requireNonNull(spec, "spec")));
        release.setStatus(new HoradusReleaseStatus());
        return new StoredRelease(release);
    }

    /**
     * The release as read from a state file.
     *
     * @throws IllegalArgumentException when it names no valid namespace and name, or has no generation
     */
    static StoredRelease of(HoradusRelease release) {
        var metadata = release.getMetadata();
        if (metadata == null) {
            throw new IllegalArgumentException("release has no metadata");
        }
        ReleaseKey.of(metadata.getNamespace(), metadata.getName());
        if (metadata.getGeneration() == null || metadata.getGeneration() < 1) {
            throw new IllegalArgumentException("metadata.generation must be a positive number");
        }
        if (release.getSpec() == null) {
            throw new IllegalArgumentException("release has no spec");
        }
        return new StoredRelease(ReleaseJson.copy(release));
    }

    public ReleaseKey key() {
        return ReleaseKey.of(release.getMetadata().getNamespace(), release.getMetadata().getName());
    }

    /** metadata.generation: the spec's revision, the driver's {@code ReleaseInput.revision}. */
    public long revision() {
        return release.getMetadata().getGeneration();
    }

    /** The whole object, as a copy. */
    public HoradusRelease release() {
        return ReleaseJson.copy(release);
    }

    /** A copy of the spec. */
    public HoradusReleaseSpec spec() {
        return ReleaseJson.copy(release.getSpec());
    }

    /** A copy of the status; an empty one for a release that has none. */
    public HoradusReleaseStatus status() {
        return release.getStatus() == null ? new HoradusReleaseStatus() : ReleaseJson.copy(release.getStatus());
    }

    /** metadata.annotations (such as horadus.io/retry), a copy; empty when there are none. */
    public Map<String, String> annotations() {
        var annotations = release.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    /** This release with {@code spec}: its generation grows by one when the spec's JSON differs, and stays otherwise (re-applying a manifest is no new revision). */
    public StoredRelease withSpec(HoradusReleaseSpec spec) {
        var copy = ReleaseJson.copy(Objects.requireNonNull(spec, "spec"));
        if (ReleaseJson.write(copy).equals(ReleaseJson.write(release.getSpec()))) {
            return this;
        }
        var changed = release();
        changed.setSpec(copy);
        changed.getMetadata().setGeneration(revision() + 1);
        return new StoredRelease(changed);
    }

    /** This release with {@code status}, the generation kept. */
    public StoredRelease withStatus(HoradusReleaseStatus status) {
        var changed = release();
        changed.setStatus(ReleaseJson.copy(Objects.requireNonNull(status, "status")));
        return new StoredRelease(changed);
    }

    /** This release with one annotation set, or removed when {@code value} is null; the generation kept. */
    public StoredRelease withAnnotation(String name, String value) {
        var changed = release();
        // Sorted: the file's bytes must not depend on a map's iteration order.
        var annotations = new TreeMap<>(annotations());
        if (value == null) {
            annotations.remove(name);
        } else {
            annotations.put(name, value);
        }
        changed.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        return new StoredRelease(changed);
    }

    String json() {
        return json;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredRelease stored && stored.json.equals(json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "StoredRelease " + key() + " generation " + revision();
    }
}

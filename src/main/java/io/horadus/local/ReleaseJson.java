package io.horadus.local;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * HoradusRelease objects to and from JSON with Fabric8's serialization, the one the operator's client
 * uses, so a state file holds exactly what the API server would (the CRD's field names, its defaults,
 * no nulls). Constructing it starts no client.
 */
final class ReleaseJson {

    /** Configured once, then only read: Jackson's mappers are thread-safe after configuration. */
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ReleaseJson() {
    }

    static String write(Object value) {
        return SERIALIZATION.asJson(value);
    }

    static <T> T read(String json, Class<T> type) {
        return SERIALIZATION.unmarshal(json, type);
    }

    static <T> T copy(T value) {
        return SERIALIZATION.clone(value);
    }
}

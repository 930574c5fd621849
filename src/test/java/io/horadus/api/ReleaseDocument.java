package io.horadus.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A HoradusRelease as a user writes it: plain YAML-like maps, so a test can put any value of any type
 * anywhere (a number for the tag, a string for a list) and the server, not a Java type, judges it.
 * Paths are dotted from the object's root: "spec.target.project".
 */
final class ReleaseDocument {

    private final Map<String, Object> root = new LinkedHashMap<>();

    private ReleaseDocument() {
    }

    /** The smallest valid release: the four required fields, everything else left to the defaults. */
    static ReleaseDocument minimal() {
        return new ReleaseDocument()
                .set("spec.tag", "v1.2.3")
                .set("spec.source.url", "https://git.example.com/horadus/horadus.git")
                .set("spec.target.project", "horadus")
                .set("spec.verify.healthUrl", "http://127.0.0.1:8000/health");
    }

    ReleaseDocument set(String path, Object value) {
        var names = path.split("\\.");
        parentOf(names).put(names[names.length - 1], value);
        return this;
    }

    ReleaseDocument remove(String path) {
        var names = path.split("\\.");
        parentOf(names).remove(names[names.length - 1]);
        return this;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> spec() {
        return (Map<String, Object>) root.get("spec");
    }

    GenericKubernetesResource toResource(String namespace, String name) {
        var resource = new GenericKubernetesResource();
        resource.setApiVersion("horadus.io/v1alpha1");
        resource.setKind("HoradusRelease");
        resource.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
        root.forEach(resource::setAdditionalProperty);
        return resource;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parentOf(String[] names) {
        var node = root;
        for (int i = 0; i < names.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(names[i], k -> new LinkedHashMap<String, Object>());
        }
        return node;
    }

    /** n copies of a value, for lists past their bounds. */
    static List<String> copies(int n, String prefix) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
    }
}

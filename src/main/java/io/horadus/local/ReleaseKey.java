package io.horadus.local;

import io.horadus.api.FieldRules;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Which release: its namespace and name, as on a cluster, so one manifest serves both drivers. Both
 * parts are Kubernetes object names (lower-case letters, digits, '-' and '.'), which also makes them
 * safe file names: no '/', no "..", nothing hidden.
 */
public record ReleaseKey(String namespace, String name) implements Comparable<ReleaseKey> {

    /** The namespace of a manifest that names none, as kubectl's. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** A namespace is a DNS label. */
    private static final int NAMESPACE_MAX = 63;
    /** Room for ".json" or ".lock" within a 255-byte file name. */
    private static final int NAME_MAX = 250;
    private static final Pattern OBJECT_NAME = Pattern.compile(FieldRules.OBJECT_NAME);
    private static final Comparator<ReleaseKey> ORDER = Comparator.comparing(ReleaseKey::namespace).thenComparing(ReleaseKey::name);

    public ReleaseKey {
        check("namespace", namespace, NAMESPACE_MAX);
        if (namespace.contains(".")) {
            throw new IllegalArgumentException("namespace '" + namespace + "' is not a DNS label (no '.')");
        }
        check("name", name, NAME_MAX);
    }

    public static ReleaseKey of(String namespace, String name) {
        return new ReleaseKey(namespace, name);
    }

    /** "namespace/name", as {@link #toString()} writes it and the engine keys a release. */
    public static ReleaseKey parse(String key) {
        var slash = key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + key + "' is not namespace/name");
        }
        return new ReleaseKey(key.substring(0, slash), key.substring(slash + 1));
    }

    @Override
    public int compareTo(ReleaseKey other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }

    private static void check(String what, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a release's " + what + " must not be empty");
        }
        if (value.length() > max || !OBJECT_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' is not a Kubernetes object name (lower-case letters, digits, '-' and '.', at most "
                    + max + " characters, beginning and ending with a letter or digit)");
        }
    }
}

package io.horadus.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the checks need from Secrets: header sets by the name of the Secret that holds them, and the CA
 * bundle https probes trust. Never printed: toString names the Secrets, never a value.
 *
 * @param headers  header name to value, by Secret name
 * @param caBundle PEM certificates that https probes trust instead of the JVM's, or null
 */
public record ProbeSecrets(Map<String, Map<String, String>> headers, String caBundle) {

    public static final ProbeSecrets NONE = new ProbeSecrets(Map.of(), null);

    public ProbeSecrets {
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    /** The headers a Secret holds; none when {@code secretName} is null. */
    public Map<String, String> headersOf(String secretName) {
        if (secretName == null) {
            return Map.of();
        }
        var set = headers.get(secretName);
        if (set == null) {
            // The adapter reads every Secret the spec names before the engine runs: a miss is a bug, not a user error.
            throw new IllegalStateException("headers of Secret " + secretName + " were not read");
        }
        return set;
    }

    /** Every header value, to mask wherever a check's output is shown (an app may echo a key back). */
    public List<String> maskedValues() {
        var values = new ArrayList<String>();
        headers.values().forEach(set -> values.addAll(set.values()));
        return values;
    }

    @Override
    public String toString() {
        return "ProbeSecrets[headers from " + headers.keySet() + ", " + (caBundle == null ? "no CA bundle" : "a CA bundle") + "]";
    }
}

package io.horadus.release.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Key/value sets read from Secrets, by the name of the Secret that holds each: the probes' header sets
 * (verify.http.headersSecretRef and the checks'), the gates' environments (spec.gates[].envSecretRef).
 * Never printed: toString names the Secrets, never a value.
 */
public record SecretSets(Map<String, Map<String, String>> sets) {

    public static final SecretSets NONE = new SecretSets(Map.of());

    public SecretSets {
        sets = sets.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    /** The set a Secret holds; none when {@code secretName} is null. */
    public Map<String, String> of(String secretName) {
        if (secretName == null) {
            return Map.of();
        }
        var set = sets.get(secretName);
        if (set == null) {
            // The adapter reads every Secret the spec names before the engine runs: a miss is a bug, not a user error.
            throw new IllegalStateException("Secret " + secretName + " was not read");
        }
        return set;
    }

    /** Every value, to mask wherever output is shown (an app may echo a key, a test may print its environment). */
    public List<String> maskedValues() {
        var values = new ArrayList<String>();
        sets.values().forEach(set -> values.addAll(set.values()));
        return values;
    }

    @Override
    public String toString() {
        return "SecretSets[from " + sets.keySet() + "]";
    }
}

package io.horadus.release;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The gates' environments from Secrets, by the name of the Secret that holds them (spec.gates[].envSecretRef).
 * Never printed: toString names the Secrets, never a value.
 */
public record GateSecrets(Map<String, Map<String, String>> env) {

    public static final GateSecrets NONE = new GateSecrets(Map.of());

    public GateSecrets {
        env = env.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
    }

    /** The variables a Secret holds; none when {@code secretName} is null. */
    public Map<String, String> envOf(String secretName) {
        if (secretName == null) {
            return Map.of();
        }
        var variables = env.get(secretName);
        if (variables == null) {
            // The adapter reads every Secret the spec names before the engine runs: a miss is a bug, not a user error.
            throw new IllegalStateException("variables of Secret " + secretName + " were not read");
        }
        return variables;
    }

    /** Every value, to mask in a gate's output (a test may print its environment). */
    public List<String> maskedValues() {
        var values = new ArrayList<String>();
        env.values().forEach(variables -> values.addAll(variables.values()));
        return values;
    }

    @Override
    public String toString() {
        return "GateSecrets[from " + env.keySet() + "]";
    }
}

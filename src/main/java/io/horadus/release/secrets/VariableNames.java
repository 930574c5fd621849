package io.horadus.release.secrets;

import java.util.regex.Pattern;

/**
 * The one rule set for secret keys that become environment variables: a compose project's variables
 * and a gate's environment. Both must be variable names; each reserves the prefixes of the variables
 * it sets itself (compose and the Docker CLI read DOCKER_* and COMPOSE_*, the engine sets HORADUS_*;
 * a gate's container sees only HORADUS_*).
 */
enum VariableNames {

    /** spec.target.variablesSecretRef: compose's interpolation and the compose CLI's own environment. */
    PROJECT(Pattern.compile("(DOCKER|COMPOSE|HORADUS)_", Pattern.CASE_INSENSITIVE),
            "is reserved: DOCKER_*, COMPOSE_* and HORADUS_* are the operator's"),
    /** spec.gates[].envSecretRef: the gate's container. */
    GATE(Pattern.compile("HORADUS_", Pattern.CASE_INSENSITIVE), "is reserved: HORADUS_* are set by the operator");

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Pattern reserved;
    private final String reservedMessage;

    VariableNames(Pattern reserved, String reservedMessage) {
        this.reserved = reserved;
        this.reservedMessage = reservedMessage;
    }

    /**
     * @param context what the key is for, appended to the "not a variable name" refusal (empty: nothing)
     */
    void check(String secret, String key, String context) throws SecretProblem {
        if (!VARIABLE.matcher(key).matches()) {
            throw new SecretProblem("Secret " + secret + " key '" + key + "' is not an environment variable name" + context);
        }
        if (reserved.matcher(key).lookingAt()) {
            throw new SecretProblem("Secret " + secret + " key '" + key + "' " + reservedMessage);
        }
    }
}

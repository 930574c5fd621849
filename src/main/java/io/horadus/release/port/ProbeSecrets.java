package io.horadus.release.port;

import java.util.List;
import java.util.Map;

/**
 * What the checks need from Secrets: header sets by the name of the Secret that holds them, and the CA
 * bundle https probes trust. Never printed: toString names the Secrets, never a value.
 *
 * @param headers  header name to value, by Secret name
 * @param caBundle PEM certificates that https probes trust instead of the JVM's, or null
 */
public record ProbeSecrets(SecretSets headers, String caBundle) {

    public static final ProbeSecrets NONE = new ProbeSecrets(SecretSets.NONE, null);

    public ProbeSecrets(Map<String, Map<String, String>> headers, String caBundle) {
        this(new SecretSets(headers), caBundle);
    }

    /** The headers a Secret holds; none when {@code secretName} is null. */
    public Map<String, String> headersOf(String secretName) {
        return headers.of(secretName);
    }

    /** Every header value, to mask wherever a check's output is shown (an app may echo a key back). */
    public List<String> maskedValues() {
        return headers.maskedValues();
    }

    @Override
    public String toString() {
        return "ProbeSecrets[headers from " + headers.sets().keySet() + ", " + (caBundle == null ? "no CA bundle" : "a CA bundle") + "]";
    }
}

package io.horadus.release.port;

import java.util.Map;
import java.util.Optional;

/**
 * Where a release's secret material lives, read by name: a Kubernetes Secret in the release's
 * namespace for the operator, a file beside the state for the command line. What the values must look
 * like is the engine's business ({@code secrets.SecretMaterial}), never the store's.
 */
public interface SecretStore {

    /**
     * The secret's keys and their values as bytes (a file from a secret is written as it is, whatever
     * its encoding), or empty when there is no such secret.
     *
     * @param namespace the release's namespace (its key's first part)
     */
    Optional<Map<String, byte[]>> read(String namespace, String name);
}

package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.release.port.SecretStore;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Secrets in the release's namespace, read with a plain GET each time a pass needs them (a Secret's arrival fires no event). */
final class KubernetesSecrets implements SecretStore {

    private final KubernetesClient client;

    KubernetesSecrets(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Map<String, byte[]>> read(String namespace, String name) {
        var secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            return Optional.empty();
        }
        var data = new HashMap<String, byte[]>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.of(data);
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.api.HoradusRelease;
import io.horadus.release.DockerTls;
import io.horadus.release.GitCredentials;
import io.horadus.release.ReleaseRequest;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Turns a HoradusRelease and the Secrets it names into the engine's plain request. */
final class ReleaseRequests {

    private final KubernetesClient client;

    ReleaseRequests(KubernetesClient client) {
        this.client = client;
    }

    ReleaseRequest of(HoradusRelease release) throws SecretProblem {
        var namespace = release.getMetadata().getNamespace();
        var spec = release.getSpec();
        var credentials = GitCredentials.NONE;
        if (spec.getSource() != null && spec.getSource().getSecretRef() != null) {
            var data = secret(namespace, spec.getSource().getSecretRef());
            credentials = new GitCredentials(value(data, "username"), value(data, "token"), value(data, "identity"), value(data, "known_hosts"));
            if (!credentials.hasToken() && !credentials.hasSshIdentity()) {
                throw new SecretProblem("Secret " + spec.getSource().getSecretRef() + " has neither key 'token' nor key 'identity'");
            }
            if (credentials.hasSshIdentity() && credentials.knownHosts() == null) {
                throw new SecretProblem("Secret " + spec.getSource().getSecretRef() + " has 'identity' but no 'known_hosts'");
            }
        }
        DockerTls tls = null;
        if (spec.getTarget() != null && spec.getTarget().getTlsSecretRef() != null) {
            var name = spec.getTarget().getTlsSecretRef();
            var data = secret(namespace, name);
            tls = new DockerTls(required(data, name, "ca.pem"), required(data, name, "cert.pem"), required(data, name, "key.pem"));
        }
        return new ReleaseRequest(namespace + "/" + release.getMetadata().getName(), generation(release), spec, credentials, tls);
    }

    /** metadata.generation; absent only on objects that never went through an API server. */
    static long generation(HoradusRelease release) {
        var generation = release.getMetadata().getGeneration();
        return generation == null ? 0L : generation;
    }

    private Map<String, String> secret(String namespace, String name) throws SecretProblem {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            throw new SecretProblem("Secret " + name + " not found in namespace " + namespace);
        }
        var data = new HashMap<String, String>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    private static String value(Map<String, String> data, String key) {
        var value = data.get(key);
        return value == null || value.isEmpty() ? null : value;
    }

    private static String required(Map<String, String> data, String name, String key) throws SecretProblem {
        var value = value(data, key);
        if (value == null) {
            throw new SecretProblem("Secret " + name + " has no key '" + key + "'");
        }
        return value;
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.api.HoradusRelease;
import io.horadus.api.ProjectFileSpec;
import io.horadus.api.TargetSpec;
import io.horadus.release.DockerTls;
import io.horadus.release.GitCredentials;
import io.horadus.release.ProjectSecrets;
import io.horadus.release.ReleaseRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Turns a HoradusRelease and the Secrets it names into the engine's plain request. */
final class ReleaseRequests {

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern RESERVED_VARIABLE = Pattern.compile("(DOCKER|COMPOSE|HORADUS)_", Pattern.CASE_INSENSITIVE);

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
        var secrets = spec.getTarget() == null ? ProjectSecrets.NONE : projectSecrets(namespace, spec.getTarget());
        var annotations = release.getMetadata().getAnnotations();
        var retryToken = annotations == null ? null : annotations.get(ReleaseRequest.RETRY_ANNOTATION);
        return new ReleaseRequest(namespace + "/" + release.getMetadata().getName(), generation(release), spec, credentials, tls, secrets, retryToken);
    }

    /** The files and variables spec.target names, each Secret read once. */
    private ProjectSecrets projectSecrets(String namespace, TargetSpec target) throws SecretProblem {
        var read = new HashMap<String, Map<String, byte[]>>();
        var files = new ArrayList<ProjectSecrets.File>();
        for (var file : target.getFiles() == null ? List.<ProjectFileSpec>of() : target.getFiles()) {
            var data = read.get(file.getSecretRef());
            if (data == null) {
                data = bytes(namespace, file.getSecretRef());
                read.put(file.getSecretRef(), data);
            }
            var content = data.get(file.getKey());
            if (content == null) {
                throw new SecretProblem("Secret " + file.getSecretRef() + " has no key '" + file.getKey() + "' (for the file " + file.getPath() + ")");
            }
            files.add(new ProjectSecrets.File(file.getPath(), content));
        }
        var variables = new TreeMap<String, String>();
        if (target.getVariablesSecretRef() != null) {
            var name = target.getVariablesSecretRef();
            for (var entry : bytes(namespace, name).entrySet()) {
                var variable = entry.getKey();
                if (!VARIABLE.matcher(variable).matches()) {
                    throw new SecretProblem("Secret " + name + " key '" + variable + "' is not an environment variable name");
                }
                if (RESERVED_VARIABLE.matcher(variable).lookingAt()) {
                    throw new SecretProblem("Secret " + name + " key '" + variable + "' is reserved: DOCKER_*, COMPOSE_* and HORADUS_* are the operator's");
                }
                variables.put(variable, new String(entry.getValue(), StandardCharsets.UTF_8));
            }
        }
        return new ProjectSecrets(files, variables);
    }

    /** metadata.generation; absent only on objects that never went through an API server. */
    static long generation(HoradusRelease release) {
        var generation = release.getMetadata().getGeneration();
        return generation == null ? 0L : generation;
    }

    private Map<String, String> secret(String namespace, String name) throws SecretProblem {
        var data = new HashMap<String, String>();
        bytes(namespace, name).forEach((k, v) -> data.put(k, new String(v, StandardCharsets.UTF_8)));
        return data;
    }

    /** A Secret's data as bytes: a file from a Secret is written as it is, whatever its encoding. */
    private Map<String, byte[]> bytes(String namespace, String name) throws SecretProblem {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret == null) {
            throw new SecretProblem("Secret " + name + " not found in namespace " + namespace);
        }
        var data = new HashMap<String, byte[]>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
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

package io.horadus.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.api.GateSpec;
import io.horadus.api.HoradusRelease;
import io.horadus.api.ProbeCheckSpec;
import io.horadus.api.ProjectFileSpec;
import io.horadus.api.TargetSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.DockerTls;
import io.horadus.release.secrets.SecretSets;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.secrets.ProbeSecrets;
import io.horadus.release.secrets.ProjectSecrets;
import io.horadus.release.ReleaseRequest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Turns a HoradusRelease and the Secrets it names into the engine's plain request. */
final class ReleaseRequests {

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern RESERVED_VARIABLE = Pattern.compile("(DOCKER|COMPOSE|HORADUS)_", Pattern.CASE_INSENSITIVE);

    /** The key of a CA bundle, as in a cert-manager or kubernetes.io/tls Secret. */
    static final String CA_KEY = "ca.crt";
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");
    /** Visible ASCII, spaces and tabs (RFC 9110 field-value, without obsolete text): no CR, LF or NUL. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e\\t]*");

    private final KubernetesClient client;
    private final ReleaseApprovals approvals;

    ReleaseRequests(KubernetesClient client) {
        this.client = client;
        this.approvals = new ReleaseApprovals(client);
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
        var probeSecrets = spec.getVerify() == null ? ProbeSecrets.NONE : probeSecrets(namespace, spec.getVerify());
        var gateSecrets = gateSecrets(namespace, spec.getGates());
        var annotations = release.getMetadata().getAnnotations();
        var retryToken = annotations == null ? null : annotations.get(ReleaseRequest.RETRY_ANNOTATION);
        return new ReleaseRequest(namespace + "/" + release.getMetadata().getName(), generation(release), spec, credentials, tls, secrets, probeSecrets,
                gateSecrets, retryToken, approvals.of(release));
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

    /** The gates' environments, each Secret read once: keys must be variable names, HORADUS_* is the operator's. */
    private SecretSets gateSecrets(String namespace, List<GateSpec> gates) throws SecretProblem {
        var env = new HashMap<String, Map<String, String>>();
        for (var gate : gates == null ? List.<GateSpec>of() : gates) {
            var name = gate.getEnvSecretRef();
            if (name == null || env.containsKey(name)) {
                continue;
            }
            var variables = new TreeMap<String, String>();
            for (var entry : secret(namespace, name).entrySet()) {
                if (!VARIABLE.matcher(entry.getKey()).matches()) {
                    throw new SecretProblem("Secret " + name + " key '" + entry.getKey() + "' is not an environment variable name (gate "
                            + gate.getName() + ")");
                }
                if (entry.getKey().toUpperCase(Locale.ROOT).startsWith("HORADUS_")) {
                    throw new SecretProblem("Secret " + name + " key '" + entry.getKey() + "' is reserved: HORADUS_* are set by the operator");
                }
                if (entry.getValue().indexOf('\0') >= 0) {
                    throw new SecretProblem("Secret " + name + " key '" + entry.getKey() + "' holds a NUL character, which no environment variable can");
                }
                variables.put(entry.getKey(), entry.getValue());
            }
            env.put(name, variables);
        }
        return new SecretSets(env);
    }

    /** The header sets and the CA bundle that verify.http and the http checks name, each Secret read once. */
    private ProbeSecrets probeSecrets(String namespace, VerifySpec verify) throws SecretProblem {
        var names = new LinkedHashSet<String>();
        var http = verify.getHttp();
        if (http != null && http.getHeadersSecretRef() != null) {
            names.add(http.getHeadersSecretRef());
        }
        for (var check : verify.getChecks() == null ? List.<ProbeCheckSpec>of() : verify.getChecks()) {
            if (check.getHttp() != null && check.getHttp().getHeadersSecretRef() != null) {
                names.add(check.getHttp().getHeadersSecretRef());
            }
        }
        var headers = new HashMap<String, Map<String, String>>();
        for (var name : names) {
            headers.put(name, headers(name, secret(namespace, name)));
        }
        String caBundle = null;
        if (http != null && http.getCaSecretRef() != null) {
            caBundle = required(secret(namespace, http.getCaSecretRef()), http.getCaSecretRef(), CA_KEY);
            if (!holdsCertificate(caBundle)) {
                throw new SecretProblem("Secret " + http.getCaSecretRef() + " key '" + CA_KEY + "' holds no PEM certificate");
            }
        }
        return new ProbeSecrets(headers, caBundle);
    }

    private static boolean holdsCertificate(String pem) {
        try {
            return !CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty();
        } catch (CertificateException e) {
            return false;
        }
    }

    /**
     * A Secret's keys as header names: Secret keys are already HTTP tokens. Refused: the headers the HTTP
     * client sets itself, and values that would end the header early.
     */
    private static Map<String, String> headers(String name, Map<String, String> data) throws SecretProblem {
        if (data.isEmpty()) {
            throw new SecretProblem("Secret " + name + " holds no header");
        }
        for (var entry : data.entrySet()) {
            if (CLIENT_HEADERS.contains(entry.getKey().toLowerCase(Locale.ROOT))) {
                throw new SecretProblem("Secret " + name + " key '" + entry.getKey() + "' is a header the probe sets itself");
            }
            if (!HEADER_VALUE.matcher(entry.getValue()).matches()) {
                throw new SecretProblem("Secret " + name + " key '" + entry.getKey() + "' holds a value that is not a header value (a line break or control character)");
            }
        }
        return data;
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

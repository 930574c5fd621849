package io.horadus.release.secrets;

import io.horadus.api.GateSpec;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.ProbeCheckSpec;
import io.horadus.api.ProjectFileSpec;
import io.horadus.api.TargetSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.DockerTls;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.ProjectSecrets;
import io.horadus.release.port.SecretMask;
import io.horadus.release.port.SecretRefusedException;
import io.horadus.release.port.SecretSets;
import io.horadus.release.port.SecretStore;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything a release reads from secrets, read through the {@link SecretStore} and checked here, by
 * one set of rules whatever drives the engine: git credentials, Docker TLS material, the compose
 * project's files and variables, the probes' headers and CA bundle, the gates' environments. A missing
 * secret or key, a value the rules refuse, or a secret its store refuses to hand over
 * ({@link SecretRefusedException}), is a {@link SecretProblem}, and nothing runs.
 */
public record SecretMaterial(GitCredentials credentials, DockerTls tls, ProjectSecrets project, ProbeSecrets probes, SecretSets gates) {

    /** The key of a CA bundle, as in a cert-manager or kubernetes.io/tls Secret. */
    public static final String CA_KEY = "ca.crt";
    private static final Set<String> CLIENT_HEADERS = Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");
    /** Visible ASCII, spaces and tabs (RFC 9110 field-value, without obsolete text): no CR, LF or NUL. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7e\\t]*");

    /**
     * Every value read, for text that leaves the engine (a notification): the git token and key, the TLS
     * key, the project's files and variables, the probes' headers, the gates' environments.
     */
    public SecretMask mask() {
        var values = new ArrayList<String>();
        values.add(credentials.token());
        values.add(credentials.sshIdentity());
        if (tls != null) {
            values.add(tls.keyPem());
        }
        values.addAll(project.maskedValues());
        values.addAll(probes.maskedValues());
        values.addAll(gates.maskedValues());
        return SecretMask.of(values);
    }

    /** Reads what {@code spec} names from {@code store}, in {@code namespace}. */
    public static SecretMaterial read(HoradusReleaseSpec spec, String namespace, SecretStore store) throws SecretProblem {
        var reader = new Reader(store, namespace);
        var credentials = GitCredentials.NONE;
        if (spec.getSource() != null && spec.getSource().getSecretRef() != null) {
            var name = spec.getSource().getSecretRef();
            var data = reader.text(name);
            credentials = new GitCredentials(value(data, "username"), value(data, "token"), value(data, "identity"), value(data, "known_hosts"));
            if (!credentials.hasToken() && !credentials.hasSshIdentity()) {
                throw new SecretProblem("Secret " + name + " has neither key 'token' nor key 'identity'");
            }
            if (credentials.hasSshIdentity() && credentials.knownHosts() == null) {
                throw new SecretProblem("Secret " + name + " has 'identity' but no 'known_hosts'");
            }
        }
        var tls = tls(reader, spec);
        var project = spec.getTarget() == null ? ProjectSecrets.NONE : project(reader, spec.getTarget());
        var probes = spec.getVerify() == null ? ProbeSecrets.NONE : probes(reader, spec.getVerify());
        return new SecretMaterial(credentials, tls, project, probes, gates(reader, spec.getGates()));
    }

    /** Only the Docker host's TLS material spec.target names, or null for none (housekeeping needs no more). */
    public static DockerTls tls(HoradusReleaseSpec spec, String namespace, SecretStore store) throws SecretProblem {
        return tls(new Reader(store, namespace), spec);
    }

    private static DockerTls tls(Reader reader, HoradusReleaseSpec spec) throws SecretProblem {
        if (spec.getTarget() == null || spec.getTarget().getTlsSecretRef() == null) {
            return null;
        }
        var name = spec.getTarget().getTlsSecretRef();
        var data = reader.text(name);
        return new DockerTls(required(data, name, "ca.pem"), required(data, name, "cert.pem"), required(data, name, "key.pem"));
    }

    /** The files and variables spec.target names, each secret read once. */
    private static ProjectSecrets project(Reader reader, TargetSpec target) throws SecretProblem {
        var files = new ArrayList<ProjectSecrets.File>();
        for (var file : target.getFiles() == null ? List.<ProjectFileSpec>of() : target.getFiles()) {
            var content = reader.bytes(file.getSecretRef()).get(file.getKey());
            if (content == null) {
                throw new SecretProblem("Secret " + file.getSecretRef() + " has no key '" + file.getKey() + "' (for the file " + file.getPath() + ")");
            }
            files.add(new ProjectSecrets.File(file.getPath(), content));
        }
        var variables = new TreeMap<String, String>();
        if (target.getVariablesSecretRef() != null) {
            var name = target.getVariablesSecretRef();
            for (var entry : reader.bytes(name).entrySet()) {
                VariableNames.PROJECT.check(name, entry.getKey(), "");
                variables.put(entry.getKey(), new String(entry.getValue(), StandardCharsets.UTF_8));
            }
        }
        return new ProjectSecrets(files, variables);
    }

    /** The gates' environments, each secret read once. */
    private static SecretSets gates(Reader reader, List<GateSpec> gates) throws SecretProblem {
        var env = new HashMap<String, Map<String, String>>();
        for (var gate : gates == null ? List.<GateSpec>of() : gates) {
            var name = gate.getEnvSecretRef();
            if (name == null || env.containsKey(name)) {
                continue;
            }
            var variables = new TreeMap<String, String>();
            for (var entry : reader.text(name).entrySet()) {
                VariableNames.GATE.check(name, entry.getKey(), " (gate " + gate.getName() + ")");
                if (entry.getValue().indexOf('\0') >= 0) {
                    throw new SecretProblem("Secret " + name + " key '" + entry.getKey() + "' holds a NUL character, which no environment variable can");
                }
                variables.put(entry.getKey(), entry.getValue());
            }
            env.put(name, variables);
        }
        return new SecretSets(env);
    }

    /** The header sets and the CA bundle that verify.http and the http checks name, each secret read once. */
    private static ProbeSecrets probes(Reader reader, VerifySpec verify) throws SecretProblem {
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
            headers.put(name, headers(name, reader.text(name)));
        }
        String caBundle = null;
        if (http != null && http.getCaSecretRef() != null) {
            caBundle = required(reader.text(http.getCaSecretRef()), http.getCaSecretRef(), CA_KEY);
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
     * A secret's keys as header names: Secret keys are already HTTP tokens. Refused: the headers the HTTP
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

    /** Reads each secret once per request, however many fields name it. */
    private static final class Reader {
        private final SecretStore store;
        private final String namespace;
        private final Map<String, Map<String, byte[]>> read = new HashMap<>();

        Reader(SecretStore store, String namespace) {
            this.store = store;
            this.namespace = namespace;
        }

        Map<String, byte[]> bytes(String name) throws SecretProblem {
            var data = read.get(name);
            if (data == null) {
                try {
                    data = store.read(namespace, name)
                            .orElseThrow(() -> new SecretProblem("Secret " + name + " not found in namespace " + namespace));
                } catch (SecretRefusedException refused) {
                    throw new SecretProblem(refused.getMessage());
                }
                read.put(name, data);
            }
            return data;
        }

        Map<String, String> text(String name) throws SecretProblem {
            var data = new HashMap<String, String>();
            bytes(name).forEach((k, v) -> data.put(k, new String(v, StandardCharsets.UTF_8)));
            return data;
        }
    }
}

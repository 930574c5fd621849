package io.horadus.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator's kubeconfig holds: the API server, its CA (null for plain http), a bearer token,
 * and the context's namespace (where the operator "runs": the Lease goes there unless configured).
 */
record ClusterAccess(String server, Path certificateAuthority, String token, String namespace) {

    /** Writes the kubeconfig, readable by its owner only: it holds a token. */
    Path writeKubeconfig(Path file) throws IOException {
        var lines = new ArrayList<>(List.of(
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: cluster",
                "  cluster:",
                "    server: " + server));
        if (certificateAuthority != null) {
            lines.add("    certificate-authority: " + certificateAuthority);
        }
        lines.addAll(List.of(
                "contexts:",
                "- name: operator",
                "  context:",
                "    cluster: cluster",
                "    namespace: " + namespace,
                "    user: operator",
                "users:",
                "- name: operator",
                "  user:",
                "    token: " + token,
                "current-context: operator",
                ""));
        Files.writeString(file, String.join("\n", lines));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}

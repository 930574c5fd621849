package io.horadus.image;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * A kubeconfig the operator's container can use as it would use a mounted Secret: self-contained
 * (the CA inline, so no host path has to be mounted), readable only by the container's user.
 */
final class ContainerKubeconfig {

    private ContainerKubeconfig() {
    }

    /** Writes {@code target} from the server, CA and token of {@code source}'s current context. */
    static Path write(Path source, Path target, long uid, long gid) throws IOException {
        var config = new KubernetesSerialization().unmarshal(Files.readString(source), Config.class);
        var context = config.getContexts().stream().filter(c -> c.getName().equals(config.getCurrentContext())).findFirst()
                .orElseThrow(() -> new IllegalStateException(source + " has no current context")).getContext();
        var cluster = config.getClusters().stream().filter(c -> c.getName().equals(context.getCluster())).findFirst()
                .orElseThrow(() -> new IllegalStateException(source + " has no cluster " + context.getCluster())).getCluster();
        var user = config.getUsers().stream().filter(u -> u.getName().equals(context.getUser())).findFirst()
                .orElseThrow(() -> new IllegalStateException(source + " has no user " + context.getUser())).getUser();
        if (cluster.getCertificateAuthority() == null || user.getToken() == null) {
            throw new IllegalStateException(source + " names no CA file or no token");
        }
        var ca = Base64.getEncoder().encodeToString(Files.readAllBytes(source.resolveSibling(cluster.getCertificateAuthority())));
        Files.writeString(target, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: test",
                "  cluster:",
                "    server: " + cluster.getServer(),
                "    certificate-authority-data: " + ca,
                "contexts:",
                "- name: test",
                "  context:",
                "    cluster: test",
                "    namespace: default",
                "    user: operator",
                "users:",
                "- name: operator",
                "  user:",
                "    token: " + user.getToken(),
                "current-context: test",
                ""));
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(target, "unix:uid", (int) uid);
        Files.setAttribute(target, "unix:gid", (int) gid);
        return target;
    }
}

package io.horadus.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.testing.RealApiServer;

import java.nio.file.Path;

/** A real API server with the committed CRD installed by `kubectl apply -f crds/`; the operator gets the admin kubeconfig. */
final class RealCluster implements Cluster {

    private final RealApiServer server;

    RealCluster(RealApiServer.Kind kind, Path directory) {
        server = RealApiServer.start(kind, directory);
        try {
            server.installCrd();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    RealApiServer server() {
        return server;
    }

    @Override
    public KubernetesClient client() {
        return server.adminClient();
    }

    /** The admin's token (this server authorizes only system:masters) and the "default" namespace. */
    @Override
    public ClusterAccess operatorAccess() {
        var config = server.adminClient().getConfiguration();
        return new ClusterAccess(config.getMasterUrl(), server.runDir().resolve("pki").resolve("ca.crt"),
                config.getAutoOAuthToken(), Releases.NAMESPACE);
    }

    @Override
    public void close() {
        server.close();
    }
}

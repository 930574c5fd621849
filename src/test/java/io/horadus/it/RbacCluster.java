package io.horadus.it;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.horadus.testing.RealApiServer;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * kube-apiserver v1.20 (real RBAC, ServiceAccounts, TokenRequest, Leases) with what an installation applies:
 * manifests/base/namespace.yaml and manifests/base/rbac.yaml as they are, and the CRD (with --validate=false: this
 * server predates CEL and drops the CRD's one rule). The operator then reaches it with its ServiceAccount's
 * token only.
 */
final class RbacCluster implements AutoCloseable {

    static final String OPERATOR_NAMESPACE = "horadus-system";
    static final String SERVICE_ACCOUNT = "horadus-release-operator";
    static final String LEASE_NAME = "horadus-release-operator";
    static final Path MANIFESTS = Path.of(System.getProperty("project.dir", ".")).resolve("manifests").resolve("base").toAbsolutePath();

    private final RealApiServer server;

    private RbacCluster(RealApiServer server) {
        this.server = server;
    }

    static RbacCluster start(Path runDir) {
        var server = RealApiServer.start(RealApiServer.Kind.KUBE_V1_20, runDir);
        try {
            server.kubectlOrFail("apply", "-f", MANIFESTS.resolve("namespace.yaml").toString());
            server.kubectlOrFail("apply", "-f", MANIFESTS.resolve("rbac.yaml").toString());
            var crds = Path.of(System.getProperty("crd.dir", "crds")).toAbsolutePath().toString();
            server.kubectlOrFail("apply", "--validate=false", "-f", crds);
            var established = server.waitEstablished();
            if (!established.succeeded()) {
                throw new IllegalStateException(established.toString());
            }
            return new RbacCluster(server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    RealApiServer server() {
        return server;
    }

    KubernetesClient admin() {
        return server.adminClient();
    }

    /** A fresh token of the operator's ServiceAccount, from the TokenRequest API (no token controller here). */
    String operatorToken() {
        var request = admin().serviceAccounts().inNamespace(OPERATOR_NAMESPACE).withName(SERVICE_ACCOUNT)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build());
        return request.getStatus().getToken();
    }

    /** The operator's kubeconfig: this server, its CA, the ServiceAccount's token, and its namespace. */
    ClusterAccess operatorAccess(String token) {
        return new ClusterAccess(admin().getConfiguration().getMasterUrl(), server.runDir().resolve("pki").resolve("ca.crt"),
                token, OPERATOR_NAMESPACE);
    }

    /** A client that authenticates with the token alone: what the ServiceAccount may do, it may do. */
    KubernetesClient clientWithToken(String token) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin().getConfiguration())
                .withOauthToken(token).withImpersonateUsername(null).build()).build();
    }

    /** The admin impersonating a person who belongs to no group but system:authenticated. */
    KubernetesClient impersonating(String user) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(admin().getConfiguration())
                .withImpersonateUsername(user).build()).build();
    }

    Optional<String> leaseHolder() {
        return leaseHolder(LEASE_NAME);
    }

    Optional<String> leaseHolder(String leaseName) {
        return lease(leaseName).map(l -> l.getSpec().getHolderIdentity()).filter(holder -> !holder.isEmpty());
    }

    /** True once the holder has renewed the Lease it took: the first renewal, not only the creation, was allowed. */
    boolean leaseRenewed() {
        return lease(LEASE_NAME).map(l -> l.getSpec().getRenewTime() != null && l.getSpec().getRenewTime().isAfter(l.getSpec().getAcquireTime())).orElse(false);
    }

    /** Another holder writes itself into the Lease, as a replica that wrongly believes it leads would. */
    void takeLeaseAs(String leaseName, String holder) {
        admin().resources(Lease.class).inNamespace(OPERATOR_NAMESPACE).withName(leaseName).edit(lease -> {
            var now = ZonedDateTime.now(ZoneOffset.UTC);
            lease.getSpec().setHolderIdentity(holder);
            lease.getSpec().setAcquireTime(now);
            lease.getSpec().setRenewTime(now);
            lease.getSpec().setLeaseDurationSeconds(3600);
            return lease;
        });
    }

    private Optional<Lease> lease(String leaseName) {
        return Optional.ofNullable(admin().resources(Lease.class).inNamespace(OPERATOR_NAMESPACE).withName(leaseName).get());
    }

    @Override
    public void close() {
        server.close();
    }
}

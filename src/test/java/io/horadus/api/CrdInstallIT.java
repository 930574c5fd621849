package io.horadus.api;

import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command on real API servers: `kubectl apply -f crds/` on Kubernetes v1.36 (whose
 * CEL cost budget rejected the CRD once, which the mock server never noticed), server-side apply too,
 * and what an old cluster (v1.20, before CEL) does with the same file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdInstallIT {

    private RealApiServer current;
    private RealApiServer old;

    @BeforeAll
    void startServers() {
        var run = Path.of("target", "kube-real", "CrdInstallIT-" + UUID.randomUUID().toString().substring(0, 8));
        current = RealApiServer.start(RealApiServer.Kind.CRD_V1_36, run.resolve("v1.36"));
        old = RealApiServer.start(RealApiServer.Kind.KUBE_V1_20, run.resolve("v1.20"));
    }

    @AfterAll
    void stopServers() {
        if (current != null) {
            current.close();
        }
        if (old != null) {
            old.close();
        }
    }

    /** Server-side first (as Flux and Argo CD apply), then the README's client-side apply on a fresh install. */
    @Test
    void installsOnKubernetes136WithServerSideAndClientSideApply() {
        var crd = CrdFile.committed().toString();
        for (var apply : new String[][]{{"apply", "--server-side", "-f", crd}, {"apply", "-f", crd}}) {
            var applied = current.kubectl(apply);
            assertThat(applied.succeeded()).as(applied.toString()).isTrue();
            var established = current.waitEstablished();
            assertThat(established.succeeded()).as(established.toString()).isTrue();
            var again = current.kubectl(apply);
            assertThat(again.succeeded()).as("applying the same file again: " + again).isTrue();
            assertThat(current.kubectl("api-resources", "--api-group=horadus.io", "-o", "wide").output())
                    .contains("horadusreleases", "hrel", "HoradusRelease", "horadus");
            var deleted = current.kubectl("delete", "--wait=true", "-f", crd);
            assertThat(deleted.succeeded()).as(deleted.toString()).isTrue();
        }
    }

    /** The README's first release, as written in examples/, passes the real server's admission with the CRD installed. */
    @Test
    void theExampleReleaseIsAdmitted() {
        var crd = CrdFile.committed().toString();
        assertThat(current.kubectl("apply", "--server-side", "-f", crd).succeeded()).isTrue();
        assertThat(current.waitEstablished().succeeded()).isTrue();
        try {
            var example = Path.of(System.getProperty("project.dir", ".")).resolve("examples").resolve("release.yaml").toString();
            var admitted = current.kubectl("apply", "--dry-run=server", "-f", example);
            assertThat(admitted.succeeded()).as(admitted.toString()).isTrue();
            assertThat(admitted.output()).contains("horadusrelease.horadus.io/horadus created (server dry run)");
        } finally {
            current.kubectl("delete", "--wait=true", "-f", crd);
        }
    }

    /** What a platform team applies from manifests/ passes a real kube-apiserver's validation and admission. */
    @Test
    void theManifestsAreAdmittedByAKubeApiServer() {
        var manifests = Path.of(System.getProperty("project.dir", ".")).resolve("manifests").resolve("base");
        var namespace = old.kubectl("apply", "-f", manifests.resolve("namespace.yaml").toString());
        assertThat(namespace.succeeded()).as(namespace.toString()).isTrue();
        for (var file : new String[]{"rbac.yaml", "user-roles.yaml", "deployment.yaml"}) {
            var admitted = old.kubectl("apply", "--dry-run=server", "-f", manifests.resolve(file).toString());
            assertThat(admitted.succeeded()).as(admitted.toString()).isTrue();
            assertThat(admitted.output()).contains("(server dry run)");
        }
    }

    /** Before 1.25 there is no CEL: kubectl refuses the file; without client validation the server drops the rule. */
    @Test
    void olderClustersRefuseTheRuleUnlessValidationIsOff() {
        var applied = old.kubectl("apply", "-f", CrdFile.committed().toString());
        assertThat(applied.succeeded()).isFalse();
        assertThat(applied.output()).contains("x-kubernetes-validations");

        var unvalidated = old.kubectl("apply", "--validate=false", "-f", CrdFile.committed().toString());
        assertThat(unvalidated.succeeded()).as(unvalidated.toString()).isTrue();
        var established = old.waitEstablished();
        assertThat(established.succeeded()).as(established.toString()).isTrue();
    }
}

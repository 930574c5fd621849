package io.horadus.it;

import io.horadus.testing.RealApiServer;

import java.nio.file.Path;
import java.util.Map;

/**
 * The operator harness on Kubernetes v1.36's real CRD server instead of the mock: what a user's cluster
 * judges (schemas, CEL, status writes, the informer's list and watch). One replica without a Lease, as a
 * single-replica install runs: this server has no coordination API.
 */
abstract class CrdServerHarness extends OperatorHarness {

    @Override
    protected Cluster startCluster(Path directory) {
        return new RealCluster(RealApiServer.Kind.CRD_V1_36, directory);
    }

    @Override
    protected Map<String, String> settings() {
        return Map.of("quarkus.profile", "single");
    }
}

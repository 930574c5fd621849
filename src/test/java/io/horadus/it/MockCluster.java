package io.horadus.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.horadus.api.CrdFile;

import java.net.InetAddress;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;

/**
 * The Fabric8 mock Kubernetes API in CRUD mode on loopback, with the committed CRD installed.
 * It stores and watches objects but validates nothing against the schema (CrdSchemaTest does that),
 * and authorizes everything: it records the operator's calls instead, for {@link #unlistedOperatorCalls()}.
 */
final class MockCluster implements Cluster {

    /** The namespace the operator "runs in" here, as in manifests/: its Lease lives there. */
    static final String OPERATOR_NAMESPACE = "horadus-system";
    /** Tells the operator's requests from the test client's, which sends no token. */
    private static final String OPERATOR_TOKEN = "horadus-operator-under-test";

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final OperatorCalls allowed = OperatorCalls.load();
    private final RecordingDispatcher dispatcher = new RecordingDispatcher(OPERATOR_TOKEN, allowed);

    MockCluster() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        client.apiextensions().v1().customResourceDefinitions().resource(CrdFile.read(CrdFile.committed())).create();
    }

    /** The test's own client: not recorded as the operator's. */
    @Override
    public KubernetesClient client() {
        return client;
    }

    /** How the operator reaches this cluster: its own token, and horadus-system as its namespace. */
    @Override
    public ClusterAccess operatorAccess() {
        return new ClusterAccess("http://127.0.0.1:" + server.getPort(), null, OPERATOR_TOKEN, OPERATOR_NAMESPACE);
    }

    /** A fault: watches refused and the open ones closed (true), or served again (false); every other call is served. */
    void refuseWatches(boolean refuse) {
        dispatcher.refuseWatches(refuse);
    }

    /** Calls the operator made that src/test/resources/rbac/operator-calls.txt does not list (so RBAC would refuse). */
    List<ApiCall> unlistedOperatorCalls() {
        return dispatcher.operatorCalls().stream()
                .filter(call -> !allowed.allows(call, OPERATOR_NAMESPACE))
                .sorted(Comparator.comparing(ApiCall::toString))
                .toList();
    }

    List<ApiCall> operatorCalls() {
        return dispatcher.operatorCalls().stream().sorted(Comparator.comparing(ApiCall::toString)).toList();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}

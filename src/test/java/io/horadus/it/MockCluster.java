package io.horadus.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.horadus.api.CrdFile;

import java.net.InetAddress;
import java.util.HashMap;

/**
 * The Fabric8 mock Kubernetes API in CRUD mode on loopback, with the committed CRD installed.
 * It stores and watches objects but validates nothing against the schema (CrdSchemaTest does that).
 */
final class MockCluster implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    MockCluster() throws Exception {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
        client.apiextensions().v1().customResourceDefinitions().resource(CrdFile.read(CrdFile.committed())).create();
    }

    KubernetesClient client() {
        return client;
    }

    String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}

package io.horadus.it;

import io.fabric8.kubernetes.client.KubernetesClient;

/** The Kubernetes API an operator integration test runs against: the mock server, or a real API server. */
interface Cluster extends AutoCloseable {

    /** The test's own client (admin rights). */
    KubernetesClient client();

    /** What the operator's kubeconfig holds, the way the README runs the operator. */
    ClusterAccess operatorAccess();

    @Override
    void close();
}

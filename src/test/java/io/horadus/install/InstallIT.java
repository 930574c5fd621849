package io.horadus.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.horadus.testing.Commands;
import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The install as a platform team runs it, on the real API server tier: `kubectl kustomize` renders the
 * base and each overlay (with the monitoring component added), and the objects are applied for real. Namespace, RBAC, Deployment, Service and
 * the dashboard's ConfigMap go to kube-apiserver v1.20 (a fresh one per install; it has no controller
 * manager, so nothing is scheduled: this proves what the API server admits and stores, not pods running).
 * The CRDs, and the ServiceMonitor and PrometheusRule, go to Kubernetes v1.36's CRD server, the latter two
 * under the Prometheus Operator's own CRDs (v0.93.0, copied into src/test/resources/prometheus-operator:
 * nothing can be downloaded here), so their real schemas judge them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstallIT {

    private static final Path PROJECT = Path.of(System.getProperty("project.dir", ".")).toAbsolutePath();
    private static final Path MANIFESTS = PROJECT.resolve("manifests");
    private static final String NAMESPACE = "horadus-system";
    private static final String DEPLOYMENT = "horadus-release-operator";
    private static final YAMLMapper YAML = new YAMLMapper();

    private Path run;
    private RealApiServer crdServer;
    private final List<RealApiServer> kubeServers = new ArrayList<>();

    @BeforeAll
    void startCrdServer() {
        run = PROJECT.resolve("target").resolve("kube-real").resolve("InstallIT-" + UUID.randomUUID().toString().substring(0, 8));
        crdServer = RealApiServer.start(RealApiServer.Kind.CRD_V1_36, run.resolve("v1.36"));
        crdServer.installCrd();
        ok(crdServer.kubectl("apply", "--server-side", "-f", PROJECT.resolve("src/test/resources/prometheus-operator").toString()));
        ok(crdServer.kubectl("wait", "--for=condition=Established", "--timeout=60s",
                "crd/prometheusrules.monitoring.coreos.com", "crd/servicemonitors.monitoring.coreos.com"));
    }

    @AfterAll
    void stopServers() {
        kubeServers.forEach(RealApiServer::close);
        if (crdServer != null) {
            crdServer.close();
        }
    }

    @Test
    @DisplayName("README: kubectl apply -k manifests/ on kube-apiserver v1.20, twice; the base mounts the node's Docker socket")
    void baseWithApplyK() throws Exception {
        var kube = kubeServer("base");
        var applied = ok(kube.kubectl("apply", "-k", MANIFESTS.toString()));
        assertThat(applied).contains("namespace/horadus-system created", "serviceaccount/horadus-release-operator created",
                "clusterrole.rbac.authorization.k8s.io/horadus-release-reviewer created", "deployment.apps/horadus-release-operator created");
        assertThat(ok(kube.kubectl("apply", "-k", MANIFESTS.toString()))).contains("deployment.apps/horadus-release-operator unchanged")
                .doesNotContain("created", "configured");

        var deployment = deployment(kube);
        assertThat(hostPaths(deployment)).containsExactly("/var/run/docker.sock");
        assertThat(deployment.getMetadata().getLabels()).containsEntry("app.kubernetes.io/part-of", "horadus");
        assertThat(kube.adminClient().rbac().clusterRoles().withName("horadus-release-operator").get()).isNotNull();
    }

    @Test
    @DisplayName("overlays/local-socket: both replicas on the labelled node with the socket; monitoring wired; then switched to remote-tls, the socket goes")
    void localSocketThenRemoteTls() throws Exception {
        var kube = kubeServer("local-socket");
        var rendered = render("overlays/local-socket");
        ok(kube.kubectl("apply", "-f", rendered.core().toString()));

        var deployment = deployment(kube);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getNodeSelector()).containsExactly(Map.entry("horadus.io/docker-engine", "true"));
        assertThat(hostPaths(deployment)).containsExactly("/var/run/docker.sock");
        assertThat(pod.getSecurityContext().getSupplementalGroups()).containsExactly(999L);
        monitoringIsWired(kube, rendered, deployment);

        var remote = render("overlays/remote-tls");
        var switched = ok(kube.kubectl("apply", "-f", remote.core().toString()));
        assertThat(switched).contains("deployment.apps/horadus-release-operator configured", "namespace/horadus-system configured");
        var after = deployment(kube);
        assertThat(hostPaths(after)).as("kubectl apply removes what the new overlay no longer has").isEmpty();
        assertThat(after.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty();
        assertThat(after.getSpec().getTemplate().getSpec().getSecurityContext().getSupplementalGroups()).isNullOrEmpty();
    }

    @Test
    @DisplayName("overlays/remote-tls with server-side apply (as Flux applies): no socket, no hostPath, a restricted namespace; monitoring wired")
    void remoteTlsServerSide() throws Exception {
        var kube = kubeServer("remote-tls");
        var rendered = render("overlays/remote-tls");
        ok(kube.kubectl("apply", "--server-side", "-f", rendered.core().toString()));

        var deployment = deployment(kube);
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(hostPaths(deployment)).isEmpty();
        assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactlyInAnyOrder("work", "tmp");
        assertThat(pod.getContainers().get(0).getVolumeMounts()).extracting(m -> m.getMountPath())
                .containsExactlyInAnyOrder("/var/lib/horadus-operator", "/tmp");
        assertThat(pod.getSecurityContext().getSupplementalGroups()).isNullOrEmpty();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        var namespace = kube.adminClient().resources(Namespace.class).withName(NAMESPACE).get();
        assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
        monitoringIsWired(kube, rendered, deployment);

        // A release of the kind this install is for passes the CRD's schema and CEL rules.
        var release = crdServer.kubectl("apply", "--dry-run=server", "-f", PROJECT.resolve("examples/release-remote-tls.yaml").toString());
        assertThat(release.succeeded()).as(release.toString()).isTrue();
        assertThat(release.output()).contains("horadusrelease.horadus.io/horadus-remote created (server dry run)");
    }

    @Test
    @DisplayName("the Prometheus Operator's real schema is in force: a PrometheusRule with a malformed `for` is refused")
    void prometheusRuleSchemaIsReal() throws Exception {
        var bad = run.resolve("bad-rule.yaml");
        Files.writeString(bad, Files.readString(MonitoringFiles.PROMETHEUS_RULE).replace("for: 30m", "for: 30 minutes")
                .replace("name: horadus-release-operator\n  namespace", "name: horadus-bad-rule\n  namespace"));
        var refused = crdServer.kubectl("apply", "--server-side", "-f", bad.toString());
        assertThat(refused.succeeded()).as(refused.toString()).isFalse();
        assertThat(refused.output()).contains("spec.groups[0].rules[0].for", "30 minutes");
    }

    /** The Service selects the operator's pods on its named port, the ServiceMonitor selects the Service; both monitoring objects admitted on v1.36. */
    private void monitoringIsWired(RealApiServer kube, Rendered rendered, Deployment deployment) throws IOException {
        var service = kube.adminClient().resources(Service.class).inNamespace(NAMESPACE).withName("horadus-release-operator-metrics").get();
        assertThat(service).as("the metrics Service was applied").isNotNull();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        var port = service.getSpec().getPorts().get(0);
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                .anySatisfy(p -> {
                    assertThat(p.getName()).isEqualTo(port.getTargetPort().getStrVal());
                    assertThat(p.getContainerPort()).isEqualTo(8080);
                });

        var dashboard = kube.adminClient().resources(ConfigMap.class).inNamespace(NAMESPACE).withName("horadus-release-operator-dashboard").get();
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(dashboard.getData()).containsEntry("horadus-release-operator.json", Files.readString(MonitoringFiles.DASHBOARD));

        var applied = ok(crdServer.kubectl("apply", "--server-side", "-f", rendered.monitoring().toString()));
        assertThat(applied).contains("servicemonitor.monitoring.coreos.com/horadus-release-operator serverside-applied",
                "prometheusrule.monitoring.coreos.com/horadus-release-operator serverside-applied");
        var monitor = YAML.readTree(ok(crdServer.kubectl("get", "-n", NAMESPACE, "servicemonitor", "horadus-release-operator", "-o", "yaml")));
        monitor.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                assertThat(service.getMetadata().getLabels()).as("the ServiceMonitor selects the Service").containsEntry(label.getKey(), label.getValue().asText()));
        assertThat(monitor.path("spec").path("endpoints").get(0).path("port").asText()).isEqualTo(port.getName());
        assertThat(monitor.path("spec").path("endpoints").get(0).path("path").asText()).isEqualTo("/q/metrics");
        var rule = YAML.readTree(ok(crdServer.kubectl("get", "-n", NAMESPACE, "prometheusrule", "horadus-release-operator", "-o", "yaml")));
        assertThat(rule.path("spec")).as("stored as written: the schema pruned nothing").isEqualTo(MonitoringFiles.read(YAML, MonitoringFiles.ALERTS));
    }

    private record Rendered(Path core, Path monitoring) {
    }

    /**
     * `kubectl kustomize` of an overlay with the monitoring component added, in a kustomization of its own as
     * docs/operations.md tells a user to write one, split into what kube-apiserver takes and the Prometheus
     * Operator's kinds. The overlay alone renders no monitoring.coreos.com object (applied anywhere).
     */
    private Rendered render(String folder) throws IOException {
        var alone = ok(Commands.run(List.of("kubectl", "kustomize", MANIFESTS.resolve(folder).toString())));
        assertThat(alone).as(folder + " alone").doesNotContain("monitoring.coreos.com").contains("kind: Deployment");
        var own = Files.createDirectories(run.resolve("kustomize").resolve(folder.replace('/', '-')));
        Files.writeString(own.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s]
                components: [%s]
                """.formatted(own.relativize(MANIFESTS.resolve(folder)), own.relativize(MonitoringFiles.DIR)));
        var output = Commands.run(List.of("kubectl", "kustomize", own.toString()));
        var text = ok(output);
        var core = new StringBuilder();
        var monitoring = new StringBuilder();
        for (var document : text.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            JsonNode object = YAML.readTree(document);
            (object.path("apiVersion").asText().startsWith("monitoring.coreos.com/") ? monitoring : core).append("---\n").append(document.strip()).append('\n');
        }
        var dir = Files.createDirectories(run.resolve("rendered").resolve(folder.replace('/', '-')));
        var rendered = new Rendered(dir.resolve("core.yaml"), dir.resolve("monitoring.yaml"));
        Files.writeString(rendered.core(), core);
        Files.writeString(rendered.monitoring(), monitoring);
        return rendered;
    }

    private RealApiServer kubeServer(String name) {
        var server = RealApiServer.start(RealApiServer.Kind.KUBE_V1_20, run.resolve("v1.20-" + name));
        kubeServers.add(server);
        return server;
    }

    private static Deployment deployment(RealApiServer kube) {
        var deployment = kube.adminClient().apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
        assertThat(deployment).as("the Deployment was stored").isNotNull();
        return deployment;
    }

    private static List<String> hostPaths(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> v.getHostPath() != null)
                .map(v -> v.getHostPath().getPath()).toList();
    }

    private static String ok(Commands.Output output) {
        assertThat(output.succeeded()).as(output.toString()).isTrue();
        return output.output();
    }
}

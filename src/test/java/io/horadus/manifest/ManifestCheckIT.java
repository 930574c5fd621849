package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * "The messages the API server would give", proven: each bad manifest below is sent to a real
 * Kubernetes v1.36 API server with the committed CRD (create, dryRun=All, strict field validation, as
 * `kubectl apply --dry-run=server` does) and to ManifestCheck, and both must give the same causes,
 * field and message. The server lists causes in Go map order, so they are compared sorted. Every
 * CEL rule of the CRD is broken by at least one case; every example manifest passes both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManifestCheckIT {

    private static final String NAMESPACE = "default";
    private static final ResourceDefinitionContext RELEASES = new ResourceDefinitionContext.Builder()
            .withGroup("horadus.io").withVersion("v1alpha1").withPlural("horadusreleases")
            .withKind("HoradusRelease").withNamespaced(true).build();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Comparator<Problem> ORDER = Comparator.comparing(Problem::field).thenComparing(Problem::message);

    private final ManifestCheck check = ManifestCheck.fromClasspath();
    private RealApiServer server;
    private KubernetesClient client;

    record Case(String name, String spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void startServer() {
        server = RealApiServer.start(RealApiServer.Kind.CRD_V1_36,
                Path.of("target", "kube-real", "ManifestCheckIT-" + UUID.randomUUID().toString().substring(0, 8)));
        server.installCrd();
        client = server.adminClient();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    Stream<Case> badManifests() {
        return Stream.of(
                new Case("tag not vMAJOR.MINOR.PATCH (pattern)", "tag: latest"),
                new Case("required fields missing or null", "tag: null\nsource: {}\ntarget: null"),
                new Case("wrong types: number, string for boolean, string for list, fraction for integer, boolean in a list",
                        "tag: 1.2\nsuspend: 'yes'\nrollout: {build: api}\nverify: {healthUrl: 'http://x/', timeoutSeconds: 1.5, "
                                + "checks: [{name: c, exec: {service: api, command: [true]}}]}"),
                new Case("enum", "approval: {required: Sometimes}"),
                new Case("lengths and item counts", "tag: v1.2.%s\ntarget: {project: horadus, composeFiles: [%s]}\nrollout: {up: []}\n"
                        .formatted("1".repeat(70), "a0.yml, a1.yml, a2.yml, a3.yml, a4.yml, a5.yml, a6.yml, a7.yml, a8.yml")
                        + "gates: [{name: g, image: a, command: [x], allowFailure: {reason: ''}}]"),
                new Case("bounds of integers in objects and lists", "verify: {healthUrl: 'http://x/', intervalSeconds: 0, watchSeconds: 86401, "
                        + "checks: [{name: c, http: {url: 'http://x/', expectStatus: [99, 600]}}]}\nrollback: {keep: 11}"),
                new Case("patterns with control characters and shell characters",
                        "source: {url: \"https://git.example.com/h.git\\u000bx\", branch: '-main'}\nverify: {healthUrl: \"http://x/\\thealth\"}"),
                new Case("CEL: tlsSecretRef with a unix dockerHost; caSecretRef with insecureSkipVerify",
                        "target: {project: horadus, tlsSecretRef: docker-tls}\nverify: {healthUrl: 'http://x/', http: {caSecretRef: ca, insecureSkipVerify: true}}"),
                new Case("CEL: gates named twice, a gate with neither image nor build, a Dockerfile under .git",
                        "gates: [{name: g, command: [x]}, {name: g, command: [x], build: {dockerfile: .git/Dockerfile}}]"),
                new Case("CEL: an enabled down-migration without a command; a changelog under .git",
                        "rollback: {downMigration: {enabled: true}}\nreleaseNotes: {changelog: deploy/.git/HEAD}"),
                new Case("CEL: checks named twice, named health, with both http and exec; a metric rule of no kind",
                        "verify: {healthUrl: 'http://x/', metricsUrl: 'http://x/m', checks: [{name: health, http: {url: 'http://x/'}, "
                                + "exec: {service: api, command: ['true']}}, {name: health, http: {url: 'http://y/'}}], metrics: [{name: m}]}"),
                new Case("CEL: a check and a metric rule share a name",
                        "verify: {healthUrl: 'http://x/', checks: [{name: ready, http: {url: 'http://x/'}}], metrics: [{name: ready, threshold: {metric: m}}]}"),
                new Case("CEL: verify without healthUrl or checks", "verify: {intervalSeconds: 5}"),
                new Case("CEL: compose file and project files under .git, a path twice",
                        "target: {project: horadus, composeFiles: [docker-compose.yml, .git/config], files: [{path: .git/a, secretRef: s, key: k}, "
                                + "{path: .git/a, secretRef: s, key: k}]}"),
                new Case("a schema error keeps the CEL rules from running", "tag: v1.2\ntarget: {project: horadus, tlsSecretRef: docker-tls}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badManifests")
    void theCheckGivesTheServersCauses(Case bad) throws Exception {
        var document = release("bad-" + bad.name().hashCode() % 1000 + "x", bad.spec());

        var refusal = serverRefusal(document);
        assertThat(refusal).as("the server accepted '%s'", bad.name()).isNotNull();
        assertThat(refusal.getCode()).as(refusal.getStatus().getMessage()).isEqualTo(422);
        var serverCauses = refusal.getStatus().getDetails().getCauses().stream()
                .map(c -> new Problem(c.getField(), c.getMessage())).sorted(ORDER).toList();

        assertThat(check.check(document).stream().sorted(ORDER).toList()).isEqualTo(serverCauses);
    }

    @Test
    void anInvalidNameGetsTheServersMessage() throws Exception {
        var document = release("Bad_Name.x", "tag: v1.2.3");

        var refusal = serverRefusal(document);

        assertThat(refusal).isNotNull();
        assertThat(check.check(document)).containsExactlyElementsOf(refusal.getStatus().getDetails().getCauses().stream()
                .map(c -> new Problem(c.getField(), c.getMessage())).toList());
    }

    @Test
    void unknownFieldsGetTheServersBadRequest() throws Exception {
        var document = release("unknown-fields", "tags: v1\ntarget: {project: horadus, extra: 1}\nverify: {healthUrl: 'http://x/', intervalSecond: 5}");
        ((ObjectNode) document.get("metadata")).put("labelz", "x");

        var refusal = serverRefusal(document);
        assertThat(refusal).isNotNull();
        assertThat(refusal.getCode()).isEqualTo(400);
        var refused = catchThrowableOfType(ManifestRefused.class, () -> check.admit(document, "r.yaml"));

        assertThat(refused.message()).isEqualTo("Error from server (BadRequest): error when creating \"r.yaml\": " + refusal.getStatus().getMessage());
    }

    /**
     * The examples as a person applies them: {@code kubectl apply --dry-run=server} on the real server (a
     * HoradusApproval too), and the command line's rules for every HoradusRelease.
     */
    @Test
    void everyExampleIsAcceptedByBoth() throws Exception {
        server.kubectlOrFail("wait", "--for=condition=Established", "--timeout=60s", "crd/horadusapprovals.horadus.io");
        try (var files = Files.list(Path.of("examples"))) {
            var examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(examples).isNotEmpty();
            for (var file : examples) {
                var applied = server.kubectl("apply", "--dry-run=server", "-f", file.toString());
                assertThat(applied.succeeded()).as("kubectl apply --dry-run=server -f %s: %s", file, applied.output()).isTrue();
                for (var document : Manifests.documents(Files.readString(file), file.toString())) {
                    if (ManifestCheck.KIND.equals(document.path("kind").asText())) {
                        assertThat(check.check(document)).as(file.toString()).isEmpty();
                    }
                }
            }
        }
    }

    private KubernetesClientException serverRefusal(JsonNode document) throws Exception {
        var resource = Serialization.jsonMapper().treeToValue(document, GenericKubernetesResource.class);
        return catchThrowableOfType(KubernetesClientException.class, () -> client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE)
                .resource(resource).dryRun().fieldValidation(FieldValidateable.Validation.STRICT).create());
    }

    private static JsonNode release(String name, String spec) throws Exception {
        var document = (ObjectNode) YAML.readTree("""
                apiVersion: horadus.io/v1alpha1
                kind: HoradusRelease
                metadata: {name: %s}
                spec:
                  tag: v1.2.3
                  source: {url: "https://git.example.com/horadus/horadus.git"}
                  target: {project: horadus}
                  verify: {healthUrl: "http://127.0.0.1:8000/health"}
                """.formatted(name));
        ((ObjectNode) document.get("spec")).setAll((ObjectNode) YAML.readTree(spec));
        return document;
    }
}

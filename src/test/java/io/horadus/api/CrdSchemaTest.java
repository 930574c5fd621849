package io.horadus.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract names (DESIGN.md section 3) and the validation rules of the committed CRD, checked
 * against its schema directly: the mock API server of the integration tests validates nothing.
 */
class CrdSchemaTest {

    private static CustomResourceDefinition crd;
    private static CustomResourceDefinitionVersion version;
    private static JSONSchemaProps schema;

    @BeforeAll
    static void load() throws Exception {
        crd = CrdFile.read(CrdFile.committed());
        version = crd.getSpec().getVersions().get(0);
        schema = version.getSchema().getOpenAPIV3Schema();
    }

    @Test
    void namesAreTheContract() {
        assertThat(crd.getMetadata().getName()).isEqualTo("horadusreleases.horadus.io");
        assertThat(crd.getSpec().getGroup()).isEqualTo("horadus.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getKind()).isEqualTo("HoradusRelease");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("hrel");
        assertThat(crd.getSpec().getNames().getCategories()).containsExactly("horadus");
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
    }

    @Test
    void kubectlGetShowsTheContractColumnsInOrder() {
        assertThat(version.getAdditionalPrinterColumns()).extracting(c -> c.getName() + "=" + c.getJsonPath()).containsExactly(
                "Desired=.status.desiredTag",
                "Current=.status.currentTag",
                "Last Good=.status.lastGoodTag",
                "Phase=.status.phase",
                "Ready=.status.conditions[?(@.type==\"Ready\")].status",
                "Age=.metadata.creationTimestamp");
    }

    @Test
    void statusHasTheContractFields() {
        var status = schema.getProperties().get("status").getProperties();
        assertThat(status).containsKeys("observedGeneration", "phase", "desiredTag", "currentTag", "lastGoodTag", "history", "conditions");
        assertThat(status.get("conditions").getItems().getSchema().getProperties())
                .containsKeys("type", "status", "reason", "message", "lastTransitionTime", "observedGeneration");
        assertThat(status.get("phase").getEnum()).extracting(e -> e.asText()).containsExactlyInAnyOrder(
                "Pending", "Resolving", "AwaitingUpstream", "Gating", "AwaitingApproval", "Building", "Migrating", "RollingOut", "Verifying",
                "Ready", "RollingBack", "RolledBack", "Failed", "Suspended");
    }

    @Test
    void everyFieldHasADescription() {
        assertDescribed(schema.getProperties().get("spec"), "spec");
        assertDescribed(schema.getProperties().get("status"), "status");
    }

    @Test
    void aCompleteReleaseIsValid() {
        assertThat(SchemaCheck.violations(schema, release("v1.2.3"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "v1.2", "v01.2.3", "v1.2.3-rc1", "latest", "v1.2.3; rm -rf /", ""})
    void tagsOutsideTheSemverPatternAreRejected(String tag) {
        assertThat(SchemaCheck.violations(schema, release(tag))).anySatisfy(v -> assertThat(v).startsWith(".spec.tag"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.0", "v1.0.0", "v10.20.30"})
    void semverTagsAreAccepted(String tag) {
        assertThat(SchemaCheck.violations(schema, release(tag))).isEmpty();
    }

    @Test
    void requiredFieldsAreRequired() {
        var violations = SchemaCheck.violations(schema, Map.of("spec", Map.of()));
        assertThat(violations).contains(".spec.source: Required value", ".spec.target: Required value", ".spec.verify: Required value");
    }

    /** spec.tag is required unless spec.promotion.auto chooses it: two CEL rules on spec, which only a server with CEL (or ManifestCheck) evaluates. */
    @Test
    void theTagIsRequiredUnlessAutoChoosesItByTwoRulesOnSpec() {
        var spec = schema.getProperties().get("spec");
        assertThat(spec.getRequired()).doesNotContain("tag");
        assertThat(spec.getXKubernetesValidations()).extracting(r -> r.getRule()).containsExactly(
                "has(self.tag) || (has(self.promotion) && self.promotion.auto)",
                "!has(self.tag) || !has(self.promotion) || !self.promotion.auto");
    }

    @Test
    void badValuesAreRejected() {
        var spec = Map.of("tag", "v1.0.0",
                "source", Map.of("url", "not a url"),
                "target", Map.of("project", "Bad Project", "dockerHost", "http://example"),
                "verify", Map.of("healthUrl", "ftp://x", "intervalSeconds", 0));
        assertThat(SchemaCheck.violations(schema, Map.of("spec", spec))).containsExactlyInAnyOrder(
                ".spec.source.url: should match '" + pattern("source", "url") + "'",
                ".spec.target.project: should match '" + pattern("target", "project") + "'",
                ".spec.target.dockerHost: should match '" + pattern("target", "dockerHost") + "'",
                ".spec.verify.healthUrl: should match '" + pattern("verify", "healthUrl") + "'",
                ".spec.verify.intervalSeconds: should be greater than or equal to 1.0");
    }

    @Test
    void defaultsMatchTheRunbook() {
        var spec = schema.getProperties().get("spec").getProperties();
        assertThat(spec.get("suspend").getDefault().asBoolean()).isFalse();
        assertThat(spec.get("source").getProperties().get("branch").getDefault().asText()).isEqualTo("main");
        var target = spec.get("target").getProperties();
        assertThat(target.get("dockerHost").getDefault().asText()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(target.get("composeFiles").getDefault().toString()).isEqualTo("[\"docker-compose.prod.yml\"]");
        var rollout = spec.get("rollout").getProperties();
        assertThat(rollout.get("build").getDefault().toString()).isEqualTo("[\"api\",\"worker\"]");
        assertThat(rollout.get("up").getDefault().toString()).isEqualTo("[\"api\",\"worker\",\"beat\"]");
        assertThat(rollout.get("migration").getProperties().get("service").getDefault().asText()).isEqualTo("migrate");
        assertThat(rollout.get("migration").getProperties().get("profile").getDefault().asText()).isEqualTo("ops");
    }

    @Test
    void theCrossFieldRuleIsDeclaredForApiServersWithCel() {
        var target = schema.getProperties().get("spec").getProperties().get("target");
        assertThat(target.getXKubernetesValidations()).extracting(r -> r.getRule())
                .containsExactly("!has(self.tlsSecretRef) || self.dockerHost.startsWith('tcp://')");
    }

    private static String pattern(String object, String field) {
        return schema.getProperties().get("spec").getProperties().get(object).getProperties().get(field).getPattern();
    }

    /** The HoradusRelease of docs/horadus-example.md, as a user copies it, passes the schema and the operator's own checks. */
    @Test
    @SuppressWarnings("unchecked")
    void theWorkedExampleIsValid() throws Exception {
        var doc = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("project.dir", "."), "docs", "horadus-example.md"));
        var start = doc.indexOf("```yaml\napiVersion: horadus.io/v1alpha1");
        assertThat(start).as("the manifest block of docs/horadus-example.md").isNotNegative();
        var yaml = doc.substring(doc.indexOf('\n', start) + 1, doc.indexOf("```", start + 7));
        var parsed = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, Map.class);
        assertThat(SchemaCheck.violations(schema, Map.of("spec", parsed.get("spec")))).isEmpty();
        var release = io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, HoradusRelease.class);
        assertThat(io.horadus.release.spec.SpecValidator.problems(release.getSpec())).isEmpty();
        assertThat(release.getSpec().getTarget().getFiles()).singleElement()
                .satisfies(f -> assertThat(f.getPath() + " " + f.getSecretRef() + " " + f.getKey()).isEqualTo(".env horadus-env env"));
    }

    private static Map<String, Object> release(String tag) {
        return Map.of("spec", Map.of(
                "tag", tag,
                "source", Map.of("url", "https://git.example/horadus.git"),
                "target", Map.of("project", "horadus"),
                "verify", Map.of("healthUrl", "http://127.0.0.1:8000/health")));
    }

    private static void assertDescribed(JSONSchemaProps props, String path) {
        if (props.getProperties() == null) {
            return;
        }
        props.getProperties().forEach((name, child) -> {
            assertThat(child.getDescription()).as(path + "." + name + " description").isNotBlank();
            assertDescribed(child, path + "." + name);
            if (child.getItems() != null && child.getItems().getSchema() != null) {
                assertDescribed(child.getItems().getSchema(), path + "." + name + "[]");
            }
        });
    }

}

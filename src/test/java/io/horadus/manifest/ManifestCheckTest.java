package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check against the committed CRD, with the messages a v1.36 API server gave for the same
 * documents (ManifestCheckIT proves them on the real server).
 */
class ManifestCheckTest {

    private static final ManifestCheck CHECK = ManifestCheck.fromClasspath();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String NOT_CHECKED = "Invalid value: null: some validation rules were not checked because the object was invalid; "
            + "correct the existing errors to complete validation";

    /** The minimal release with these spec fields put in place of the minimal ones (YAML). */
    private static JsonNode release(String spec) {
        try {
            var document = (ObjectNode) YAML.readTree("""
                    apiVersion: horadus.io/v1alpha1
                    kind: HoradusRelease
                    metadata: {name: horadus}
                    spec:
                      tag: v1.2.3
                      source: {url: "https://git.example.com/horadus/horadus.git"}
                      target: {project: horadus}
                      verify: {healthUrl: "http://127.0.0.1:8000/health"}
                    """);
            var fields = YAML.readTree(spec);
            if (fields != null && fields.isObject()) {
                ((ObjectNode) document.get("spec")).setAll((ObjectNode) fields);
            }
            return document;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String TAG_REQUIRED = "Invalid value: spec.tag is required, unless spec.promotion.auto chooses the tag";

    @Test
    void everyRuleOfTheCrdCompiles() {
        assertThat(CHECK.celRuleCount()).isEqualTo(19);
    }

    @Test
    void aMinimalReleasePasses() {
        assertThat(CHECK.check(release(""))).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsARequiredValueAndStopsTheRules() {
        var document = release("");
        ((ObjectNode) document.get("spec")).remove("source");

        assertThat(CHECK.check(document)).containsExactly(
                new Problem("spec.source", "Required value"),
                new Problem("<nil>", NOT_CHECKED));
    }

    /** As the v1.36 server words it (CrdAdmissionIT): the tag is required by a rule on spec, unless spec.promotion.auto chooses it. */
    @Test
    void aMissingTagIsTheRuleOnSpecUnlessAutoChoosesIt() {
        var document = release("");
        ((ObjectNode) document.get("spec")).remove("tag");
        assertThat(CHECK.check(document)).containsExactly(new Problem("spec", TAG_REQUIRED));

        var auto = release("promotion: {from: [staging], auto: true}");
        ((ObjectNode) auto.get("spec")).remove("tag");
        assertThat(CHECK.check(auto)).isEmpty();

        assertThat(CHECK.check(release("promotion: {from: [staging], auto: true}"))).containsExactly(new Problem("spec",
                "Invalid value: spec.tag must be left out when spec.promotion.auto is true: the tag follows the upstream's last good tag"));
    }

    @Test
    void aNullIsDroppedLikeTheServerDropsIt() {
        assertThat(CHECK.check(release("tag: null"))).contains(new Problem("spec", TAG_REQUIRED));
    }

    @Test
    void aBoundIsReportedWithTheValueAndTheLimit() {
        assertThat(CHECK.check(release("verify: {healthUrl: 'http://x/', intervalSeconds: 0}"))).containsExactly(
                new Problem("spec.verify.intervalSeconds", "Invalid value: 0: spec.verify.intervalSeconds in body should be greater than or equal to 1"));
    }

    @Test
    void wrongTypesAreNamedByTheirJsonType() {
        assertThat(CHECK.check(release("tag: 123\nsuspend: 'yes'\nrollout: {build: api}"))).containsExactlyInAnyOrder(
                new Problem("spec.tag", "Invalid value: \"integer\": spec.tag in body must be of type string: \"integer\""),
                new Problem("spec.suspend", "Invalid value: \"string\": spec.suspend in body must be of type boolean: \"string\""),
                new Problem("spec.rollout.build", "Invalid value: \"string\": spec.rollout.build in body must be of type array: \"string\""),
                new Problem("<nil>", NOT_CHECKED));
    }

    @Test
    void aFractionInAnIntegerFieldIsReportedTwiceAsTheServerDoes() {
        assertThat(CHECK.check(release("verify: {healthUrl: 'http://x/', timeoutSeconds: 1.5}"))).containsExactly(
                new Problem("spec.verify.timeoutSeconds", "Invalid value: \"number\": spec.verify.timeoutSeconds in body must be of type integer: \"number\""),
                new Problem("<nil>", "Invalid value: \"\": Checked value must be of type integer (default format) in spec.verify.timeoutSeconds"),
                new Problem("<nil>", NOT_CHECKED));
    }

    @Test
    void patternsEnumsLengthsAndItemCountsUseTheServersWording() {
        assertThat(CHECK.check(release("""
                tag: v1.2.%s
                target: {project: Horadus, composeFiles: []}
                approval: {required: Sometimes}
                gates: [{name: g, image: a, command: [x], allowFailure: {reason: ""}}]
                rollout: {up: [%s]}
                """.formatted("1".repeat(70), String.join(", ", java.util.Collections.nCopies(33, "api")))))).containsExactlyInAnyOrder(
                new Problem("spec.tag", "Too long: may not be more than 64 bytes"),
                new Problem("spec.target.project", "Invalid value: \"Horadus\": spec.target.project in body should match '^[a-z0-9][a-z0-9_-]*$'"),
                new Problem("spec.target.composeFiles", "Invalid value: 0: spec.target.composeFiles in body should have at least 1 items"),
                new Problem("spec.approval.required", "Unsupported value: \"Sometimes\": supported values: \"Always\", \"MajorBump\", \"Never\""),
                new Problem("spec.gates[0].allowFailure.reason", "Invalid value: \"\": spec.gates[0].allowFailure.reason in body should be at least 1 chars long"),
                new Problem("spec.rollout.up", "Too many: 33: must have at most 32 items"),
                new Problem("<nil>", NOT_CHECKED));
    }

    @Test
    void aCelRuleOnAnObjectReportsItsMessageWithoutTheValue() {
        assertThat(CHECK.check(release("target: {project: horadus, tlsSecretRef: docker-tls}"))).containsExactly(
                new Problem("spec.target", "Invalid value: tlsSecretRef applies to a tcp:// dockerHost only"));
    }

    @Test
    void aCelRuleOnAStringReportsTheQuotedValue() {
        assertThat(CHECK.check(release("gates: [{name: g, command: [x], build: {dockerfile: .git/Dockerfile}}]"))).containsExactly(
                new Problem("spec.gates[0].build.dockerfile", "Invalid value: \".git/Dockerfile\": the Dockerfile must be a path inside the checkout"));
    }

    @Test
    void celRulesSeeTheDefaultsTheServerFillsIn() {
        assertThat(CHECK.check(release("rollback: {downMigration: {command: [alembic, downgrade, '-1']}}"))).isEmpty();
        assertThat(CHECK.check(release("rollback: {downMigration: {enabled: true}}"))).containsExactly(
                new Problem("spec.rollback.downMigration", "Invalid value: an enabled down-migration needs a command"));
        assertThat(CHECK.check(release("verify: {healthUrl: 'http://x/', http: {caSecretRef: ca}}"))).isEmpty();
    }

    @Test
    void severalCelRulesAreReportedTogether() {
        assertThat(CHECK.check(release("""
                verify:
                  checks:
                  - {name: health, http: {url: "http://x/"}, exec: {service: api, command: ["true"]}}
                  - {name: health, http: {url: "http://y/"}}
                gates: [{name: g, command: [x]}, {name: g, command: [x], image: a}]
                """))).containsExactlyInAnyOrder(
                new Problem("spec.verify", "Invalid value: each check name may appear only once"),
                new Problem("spec.verify", "Invalid value: health and metrics are the names of the built-in checks"),
                new Problem("spec.verify.checks[0]", "Invalid value: a check sets exactly one of http or exec"),
                new Problem("spec.gates", "Invalid value: each gate name may appear only once"),
                new Problem("spec.gates[0]", "Invalid value: a gate needs exactly one of image and build"));
    }

    @Test
    void unknownFieldsMakeTheObjectUndecodableAndNothingElseIsJudged() {
        var document = release("tags: v1\ntarget: {project: Horadus, extra: 1}");
        ((ObjectNode) document.get("metadata")).put("foo", 1);

        assertThat(CHECK.check(document)).containsExactly(
                new Problem("metadata.foo", "unknown field \"metadata.foo\""),
                new Problem("spec.tags", "unknown field \"spec.tags\""),
                new Problem("spec.target.extra", "unknown field \"spec.target.extra\""));
    }

    @Test
    void theNameMustBeADns1123Subdomain() {
        var document = release("");
        ((ObjectNode) document.get("metadata")).put("name", "Bad_Name");

        assertThat(CHECK.check(document)).containsExactly(new Problem("metadata.name", "Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain "
                + "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
                + "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
    }

    @Test
    void aReleaseWithoutANameIsRefused() {
        var document = release("");
        ((ObjectNode) document.get("metadata")).remove("name");

        assertThat(CHECK.check(document)).containsExactly(
                new Problem("metadata.name", "Required value: name or generateName is required"),
                new Problem("<nil>", NOT_CHECKED));
    }

    @Test
    void theEnginesRulesRunOnWhatTheCrdAccepts() {
        // No spec at all is accepted by the server (spec is not required at the top), but the engine refuses it.
        var document = release("");
        ((ObjectNode) document).remove("spec");

        var refused = org.assertj.core.api.Assertions.catchThrowableOfType(ManifestRefused.class, () -> CHECK.admit(document, "r.yaml"));

        assertThat(refused.reason()).isEqualTo(ManifestRefused.Reason.SPEC_INVALID);
        assertThat(refused.problems()).extracting(Problem::field).contains("spec.tag", "spec.target", "spec.verify");
    }

    @Test
    void whatPassesIsStoredWithTheDefaultsAndTheDefaultNamespace() {
        var release = CHECK.admit(release(""), "r.yaml");

        assertThat(release.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(release.getSpec().getSource().getBranch()).isEqualTo("main");
        assertThat(release.getSpec().getRollout().getUp()).isEqualTo(List.of("api", "worker", "beat"));
    }
}

package io.horadus.manifest;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ManifestsTest {

    private static final Manifests MANIFESTS = Manifests.fromClasspath();
    private static final String RELEASE = """
            apiVersion: horadus.io/v1alpha1
            kind: HoradusRelease
            metadata: {name: %s}
            spec:
              tag: v1.2.3
              source: {url: "https://git.example.com/horadus/horadus.git"}
              target: {project: horadus}
              verify: {healthUrl: "http://127.0.0.1:8000/health"}
            """;

    @Test
    void everyExampleIsAccepted() throws Exception {
        try (var files = Files.list(Path.of("examples"))) {
            // examples/approval.yaml is a HoradusApproval: the command line's `approve` stands for it.
            for (var file : files.filter(f -> f.toString().endsWith(".yaml")).filter(ManifestsTest::holdsARelease).toList()) {
                assertThat(MANIFESTS.read(file)).as(file.toString()).isNotEmpty();
            }
        }
        assertThat(MANIFESTS.read(Path.of("examples", "release.yaml")).get(0).getSpec().getTag()).isEqualTo("v1.0.0");
    }

    private static boolean holdsARelease(Path file) {
        try {
            return Files.readString(file).contains("kind: HoradusRelease");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void severalDocumentsAreReadInOrderAndEmptyOnesSkipped() {
        var releases = MANIFESTS.parse("---\n" + RELEASE.formatted("one") + "---\n# only a comment\n---\n" + RELEASE.formatted("two") + "---\n", "r.yaml");

        assertThat(releases).extracting(r -> r.getMetadata().getName()).containsExactly("one", "two");
        assertThat(releases).extracting(r -> r.getMetadata().getNamespace()).containsOnly("default");
    }

    @Test
    void jsonIsReadToo() {
        var releases = MANIFESTS.parse("""
                {"apiVersion": "horadus.io/v1alpha1", "kind": "HoradusRelease", "metadata": {"name": "j", "namespace": "prod"},
                 "spec": {"tag": "v1.2.3", "source": {"url": "https://git.example.com/h.git"}, "target": {"project": "horadus"},
                          "verify": {"healthUrl": "http://127.0.0.1:8000/health"}}}
                """, "r.json");

        assertThat(releases.get(0).getMetadata().getNamespace()).isEqualTo("prod");
    }

    @Test
    void anotherKindIsRefusedAsKubectlRefusesIt() {
        var refused = catchThrowableOfType(ManifestRefused.class, () -> MANIFESTS.parse(RELEASE.formatted("x")
                .replace("horadus.io/v1alpha1", "horadus.io/v1").replace("kind: HoradusRelease", "kind: Foo"), "foo.yaml"));

        assertThat(refused.reason()).isEqualTo(ManifestRefused.Reason.NOT_A_RELEASE);
        assertThat(refused.message()).isEqualTo("resource mapping not found for name: \"x\" namespace: \"\" from \"foo.yaml\": "
                + "no matches for kind \"Foo\" in version \"horadus.io/v1\"");
    }

    @Test
    void oneBadDocumentRefusesTheWholeFile() {
        var refused = catchThrowableOfType(ManifestRefused.class, () -> MANIFESTS.parse(RELEASE.formatted("good") + "---\n"
                + RELEASE.formatted("bad").replace("tag: v1.2.3", "tag: latest"), "r.yaml"));

        assertThat(refused.name()).isEqualTo("bad");
        assertThat(refused.message()).isEqualTo("The HoradusRelease \"bad\" is invalid: spec.tag: Invalid value: \"latest\": "
                + "spec.tag in body should match '^v(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$'");
    }

    @Test
    void severalCausesArePrintedAsKubectlPrintsThem() {
        var refused = catchThrowableOfType(ManifestRefused.class, () -> MANIFESTS.parse(RELEASE.formatted("r")
                .replace("tag: v1.2.3", "tag: 1.2").replace("project: horadus", "project: Horadus"), "r.yaml"));

        assertThat(refused.message()).isEqualTo("""
                The HoradusRelease "r" is invalid: \n\
                * spec.tag: Invalid value: "number": spec.tag in body must be of type string: "number"
                * spec.target.project: Invalid value: "Horadus": spec.target.project in body should match '^[a-z0-9][a-z0-9_-]*$'
                * <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation""");
    }

    @Test
    void unknownFieldsArePrintedAsTheServersBadRequest() {
        var refused = catchThrowableOfType(ManifestRefused.class, () -> MANIFESTS.parse(RELEASE.formatted("r").replace("  tag:", "  tags: v1\n  tag:"), "r.yaml"));

        assertThat(refused.reason()).isEqualTo(ManifestRefused.Reason.UNDECODABLE);
        assertThat(refused.message()).isEqualTo("Error from server (BadRequest): error when creating \"r.yaml\": HoradusRelease in version \"v1alpha1\" "
                + "cannot be handled as a HoradusRelease: strict decoding error: unknown field \"spec.tags\"");
    }

    @Test
    void brokenYamlAndDuplicateKeysAreUnreadable() {
        assertThat(catchThrowableOfType(ManifestRefused.class, () -> MANIFESTS.parse("spec: [broken", "r.yaml")).reason())
                .isEqualTo(ManifestRefused.Reason.UNREADABLE);
        assertThat(catchThrowableOfType(ManifestRefused.class, () -> MANIFESTS.parse(RELEASE.formatted("r") + "  tag: v2.0.0\n", "r.yaml")).reason())
                .isEqualTo(ManifestRefused.Reason.UNREADABLE);
    }

    @Test
    void aDocumentWithoutKindIsRefused() {
        var refused = catchThrowableOfType(ManifestRefused.class, () -> MANIFESTS.parse(RELEASE.formatted("r").replace("kind: HoradusRelease\n", ""), "r.yaml"));

        assertThat(refused.message()).isEqualTo("error validating \"r.yaml\": error validating data: kind not set");
    }
}

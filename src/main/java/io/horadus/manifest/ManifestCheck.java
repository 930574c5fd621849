package io.horadus.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.release.spec.SpecValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Judges a HoradusRelease document as `kubectl apply` against a cluster with the CRD installed
 * would: strict decoding (unknown fields), then, on the object with its nulls dropped and defaults
 * filled in, metadata.name/namespace, the CRD's OpenAPI schema and its CEL rules, with the API
 * server's messages. What passes is then checked by the engine's own run-time rules (SpecValidator)
 * so that nothing the engine would refuse gets through either. The schema is the committed CRD,
 * read from the classpath: one source of truth with `kubectl apply -f crds/`.
 */
public final class ManifestCheck {

    public static final String API_VERSION = "horadus.io/v1alpha1";
    public static final String KIND = "HoradusRelease";
    public static final String DEFAULT_NAMESPACE = "default";
    static final String CRD_RESOURCE = "crds/horadusreleases.horadus.io-v1.yml";

    private static final ObjectMapper BINDING = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final JsonNode schema;
    /**
     * Compiling the CEL rules is most of a short command's start-up (CEL's standard environment, cold):
     * it runs on a thread of its own while the document is read, decoded and checked against the
     * schema, and {@link #admit} waits for it only when it comes to the rules.
     */
    private final CompletableFuture<CelRules> rules;

    private ManifestCheck(JsonNode schema) {
        this.schema = schema;
        this.rules = new CompletableFuture<>();
        var compiler = new Thread(() -> {
            try {
                rules.complete(CelRules.compile(schema));
            } catch (RuntimeException | Error e) {
                rules.completeExceptionally(e);
            }
        }, "horadus-cel-compile");
        // Never holds the process up: a command that ends before it is needed does not wait for it.
        compiler.setDaemon(true);
        compiler.start();
    }

    /** The check of the CRD shipped on the classpath (built from crds/). */
    public static ManifestCheck fromClasspath() {
        var loader = ManifestCheck.class.getClassLoader();
        try (var in = loader.getResourceAsStream(CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(CRD_RESOURCE + " is not on the classpath");
            }
            return fromCrd(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The check of a CRD given as YAML: the schema of its version v1alpha1. */
    static ManifestCheck fromCrd(String crdYaml) {
        try {
            var crd = new YAMLMapper().readTree(crdYaml);
            for (var version : crd.path("spec").path("versions")) {
                if (API_VERSION.endsWith("/" + version.path("name").asText())) {
                    return new ManifestCheck(version.path("schema").path("openAPIV3Schema"));
                }
            }
            throw new IllegalStateException("the CRD has no version " + API_VERSION);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the CRD is not YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** How many CEL rules the CRD has (all of them compiled). */
    public int celRuleCount() {
        return rules().count();
    }

    /** The compiled rules; a rule that does not compile fails here, as it did when compiled in line. */
    private CelRules rules() {
        try {
            return rules.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The causes a cluster would give for this document (empty: it would be created and the engine accepts it). */
    public List<Problem> check(JsonNode document) {
        try {
            admit(document, "<document>");
            return List.of();
        } catch (ManifestRefused refused) {
            return refused.problems();
        }
    }

    /** The same for a release built in Java (its unknown fields are lost to the Java types already). */
    public List<Problem> check(HoradusRelease release) {
        return check(BINDING.valueToTree(release));
    }

    /**
     * The release as the API server would store it (nulls dropped, defaults filled in, namespace
     * "default" when none), or the refusal. The document itself is not changed.
     */
    public HoradusRelease admit(JsonNode document, String source) {
        var name = document.path("metadata").path("name").isTextual() ? document.path("metadata").path("name").asText() : "";
        refuseOtherKinds(document, source, name);
        var undecodable = StrictDecoding.problems(schema, document);
        if (!undecodable.isEmpty()) {
            throw new ManifestRefused(source, name, ManifestRefused.Reason.UNDECODABLE, undecodable);
        }
        var stored = (ObjectNode) document.deepCopy();
        // Created objects start without status: the server drops it before it validates.
        stored.remove("status");
        if (!stored.path("metadata").isObject()) {
            stored.putObject("metadata");
        }
        SchemaDefaults.apply(schema, stored);
        var findings = new ArrayList<Finding>(ObjectMetaRules.check(stored.path("metadata")));
        findings.addAll(SchemaRules.check(schema, stored, ""));
        if (findings.stream().anyMatch(Finding::blocksRules)) {
            findings.add(Finding.invalid("<nil>", "Invalid value: null: some validation rules were not checked because the object "
                    + "was invalid; correct the existing errors to complete validation"));
        } else {
            findings.addAll(rules().check(schema, stored, ""));
        }
        if (!findings.isEmpty()) {
            throw new ManifestRefused(source, name, ManifestRefused.Reason.INVALID, findings.stream().map(Finding::problem).toList());
        }
        var metadata = (ObjectNode) stored.get("metadata");
        if (!metadata.path("namespace").isTextual() || metadata.path("namespace").asText().isEmpty()) {
            metadata.put("namespace", DEFAULT_NAMESPACE);
        }
        HoradusRelease release;
        try {
            release = BINDING.treeToValue(stored, HoradusRelease.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a document the schema accepts does not bind to HoradusRelease: " + e.getOriginalMessage(), e);
        }
        var engine = SpecValidator.problems(release.getSpec() == null ? new HoradusReleaseSpec() : release.getSpec());
        if (!engine.isEmpty()) {
            throw new ManifestRefused(source, name, ManifestRefused.Reason.SPEC_INVALID, engine.stream().map(ManifestCheck::engineProblem).toList());
        }
        return release;
    }

    private static void refuseOtherKinds(JsonNode document, String source, String name) {
        var apiVersion = document.path("apiVersion");
        var kind = document.path("kind");
        var unset = new ArrayList<Problem>();
        if (!apiVersion.isTextual() || apiVersion.asText().isEmpty()) {
            unset.add(new Problem("apiVersion", "apiVersion not set"));
        }
        if (!kind.isTextual() || kind.asText().isEmpty()) {
            unset.add(new Problem("kind", "kind not set"));
        }
        if (!unset.isEmpty()) {
            throw new ManifestRefused(source, name, ManifestRefused.Reason.NOT_A_RELEASE, unset);
        }
        if (!API_VERSION.equals(apiVersion.asText()) || !KIND.equals(kind.asText())) {
            throw new ManifestRefused(source, name, ManifestRefused.Reason.NOT_A_RELEASE, List.of(new Problem("kind",
                    "no matches for kind " + ServerText.quote(kind.asText()) + " in version " + ServerText.quote(apiVersion.asText()))));
        }
    }

    /** SpecValidator's lines start with the field they are about: "spec.tag 'x' is not vMAJOR.MINOR.PATCH". */
    private static Problem engineProblem(String line) {
        int space = line.indexOf(' ');
        if (line.startsWith("spec") && space > 0) {
            return new Problem(line.substring(0, space), line.substring(space + 1));
        }
        return new Problem("spec", line);
    }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.horadus.release.spec.SpecValidator;
import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What users' clusters judge, proven on a real Kubernetes v1.36 API server: every object below that
 * breaks the schema is refused when it is created, with a message that names the offending field, and
 * every valid one is stored with the defaults filled in. The operator's own re-check (SpecValidator)
 * must refuse what the server refuses by pattern, bound, required field or rule, and accept what it
 * accepts, so the two never drift apart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrdAdmissionIT {

    private static final String NAMESPACE = "admission";
    private static final ResourceDefinitionContext RELEASES = new ResourceDefinitionContext.Builder()
            .withGroup("horadus.io").withVersion("v1alpha1").withPlural("horadusreleases")
            .withKind("HoradusRelease").withNamespaced(true).build();
    /** Reads specs like the operator (unknown fields ignored) and writes them like the server stores them (no nulls). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private RealApiServer server;
    private KubernetesClient client;
    private final AtomicInteger objectNumber = new AtomicInteger();
    private final List<String> verdicts = new ArrayList<>();
    private long started;

    /**
     * Who refuses a bad object. RULE: a pattern, bound, required field or CEL rule, which the operator
     * checks again. TYPE: a wrong JSON type or an unknown field, which only the server's structural
     * schema judges (every apiextensions.k8s.io/v1 server does) and the operator never sees.
     */
    /**
     * RULE: the operator's SpecValidator refuses it too; TYPE: a type error no decoded spec can hold; COURTESY: a
     * notification's setting, which the engine does not judge (a webhook that cannot be used never holds a
     * release: a NotificationFailed event says so).
     */
    enum Judge { RULE, TYPE, COURTESY }

    record Bad(String name, String field, Judge judge, UnaryOperator<ReleaseDocument> mutation) {
        @Override
        public String toString() {
            return name;
        }
    }

    record Good(String name, UnaryOperator<ReleaseDocument> mutation) {
        @Override
        public String toString() {
            return name;
        }
    }

    record BadStatus(String name, String field, Map<String, Object> status) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    void startServer() {
        started = System.nanoTime();
        server = RealApiServer.start(RealApiServer.Kind.CRD_V1_36,
                Path.of("target", "kube-real", "CrdAdmissionIT-" + UUID.randomUUID().toString().substring(0, 8)));
        server.installCrd();
        client = server.adminClient();
    }

    @AfterAll
    void stopServerAndPrintVerdicts() {
        if (server != null) {
            server.close();
        }
        System.out.printf("%nCrdAdmissionIT: %d verdicts of the v1.36 API server in %d ms (server start and stop included)%n",
                verdicts.size(), (System.nanoTime() - started) / 1_000_000);
        System.out.printf("%-8s | %-62s | %s%n", "verdict", "object", "server message");
        verdicts.forEach(System.out::println);
    }

    // --- refused -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSpecs")
    void aSpecThatBreaksTheSchemaIsRefusedAtCreateNamingTheField(Bad bad) {
        var document = bad.mutation().apply(ReleaseDocument.minimal());

        var refusal = refusalOfCreate(document);

        assertThat(refusal).as("the server accepted '%s'", bad.name()).isNotNull();
        var message = refusal.getStatus().getMessage();
        note("REJECTED", bad.name(), message);
        assertThat(refusal.getCode()).as(message).isIn(400, 422);
        assertNamesField(message, bad.field());
        if (bad.judge() == Judge.RULE) {
            assertThat(SpecValidator.problems(JSON.convertValue(document.spec(), HoradusReleaseSpec.class)))
                    .as("the server refuses '%s' (%s) but the operator's SpecValidator accepts it", bad.name(), message)
                    .isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badStatuses")
    void aStatusWriteOutsideTheEnumsIsRefusedByTheStatusSubresource(BadStatus bad) {
        var name = nextName("status");
        client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE)
                .resource(ReleaseDocument.minimal().toResource(NAMESPACE, name)).create();
        var written = ReleaseDocument.minimal().set("status", bad.status()).toResource(NAMESPACE, name);

        var refusal = catchThrowableOfType(KubernetesClientException.class,
                () -> client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE).resource(written).patchStatus());

        assertThat(refusal).as("the server accepted status '%s'", bad.name()).isNotNull();
        var message = refusal.getStatus().getMessage();
        note("REJECTED", "status: " + bad.name(), message);
        assertThat(refusal.getCode()).as(message).isEqualTo(422);
        assertNamesField(message, bad.field());
    }

    /** kubectl validates strictly by default since 1.27: a typo is an error, not a silently pruned field. */
    @Test
    void kubectlApplyRefusesAMisspelledField() throws Exception {
        var file = server.runDir().resolve("typo.yaml");
        Files.writeString(file, """
                apiVersion: horadus.io/v1alpha1
                kind: HoradusRelease
                metadata: {name: typo, namespace: admission}
                spec:
                  tags: v1.2.3
                  tag: v1.2.3
                  source: {url: "https://git.example.com/horadus/horadus.git"}
                  target: {project: horadus}
                  verify: {healthUrl: "http://127.0.0.1:8000/health"}
                """);

        var applied = server.kubectl("apply", "-f", file.toString());

        note(applied.succeeded() ? "ACCEPTED" : "REJECTED", "kubectl apply: spec.tags (typo of spec.tag)", applied.output());
        assertThat(applied.succeeded()).as(applied.toString()).isFalse();
        assertThat(applied.output()).contains("unknown field \"spec.tags\"");
    }

    // --- accepted ------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodSpecs")
    void aValidSpecIsStoredAsSentWithTheSameDefaultsTheOperatorAssumes(Good good) {
        var document = good.mutation().apply(ReleaseDocument.minimal());
        var name = nextName("good");

        client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE)
                .resource(document.toResource(NAMESPACE, name)).fieldValidation(FieldValidateable.Validation.STRICT).create();
        var stored = client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE).withName(name).get();

        note("ACCEPTED", good.name(), "");
        var storedSpec = JSON.valueToTree(stored.getAdditionalProperties().get("spec"));
        var javaView = JSON.convertValue(document.spec(), HoradusReleaseSpec.class);
        // Both read back from JSON text: a long field (promotion.soakSeconds) is a LongNode in a tree built from Java, an IntNode once read.
        assertThat(reread(storedSpec)).as("stored spec vs the sent spec with the Java types' defaults").isEqualTo(reread(JSON.valueToTree(javaView)));
        assertThat(SpecValidator.problems(JSON.convertValue(storedSpec, HoradusReleaseSpec.class)))
                .as("the server accepts '%s' but the operator's SpecValidator refuses it", good.name()).isEmpty();
    }

    @Test
    void aMinimalSpecGetsTheRunbookDefaultsFromTheServer() {
        var name = nextName("minimal");
        client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE)
                .resource(ReleaseDocument.minimal().toResource(NAMESPACE, name)).create();

        var spec = JSON.valueToTree(client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE).withName(name).get()
                .getAdditionalProperties().get("spec"));

        note("ACCEPTED", "minimal spec, defaults filled in by the server", spec.toString());
        assertThat(spec.get("suspend").asBoolean(true)).isFalse();
        assertThat(spec.at("/source/branch").asText()).isEqualTo("main");
        assertThat(spec.at("/target/dockerHost").asText()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(spec.at("/target/composeFiles").toString()).isEqualTo("[\"docker-compose.prod.yml\"]");
        assertThat(spec.at("/rollout/build").toString()).isEqualTo("[\"api\",\"worker\"]");
        assertThat(spec.at("/rollout/up").toString()).isEqualTo("[\"api\",\"worker\",\"beat\"]");
        assertThat(spec.at("/rollout/migration")).isEqualTo(JSON.valueToTree(orderedMap("enabled", true, "service", "migrate", "profile", "ops")));
        assertThat(spec.at("/verify/intervalSeconds").asInt()).isEqualTo(10);
        assertThat(spec.at("/verify/timeoutSeconds").asInt()).isEqualTo(60);
        assertThat(spec.at("/releaseNotes")).isEqualTo(JSON.valueToTree(orderedMap("required", true)));
        assertThat(spec.at("/versionPolicy")).isEqualTo(JSON.valueToTree(orderedMap("allowDowngrade", false)));
    }

    @Test
    void aProductionReleaseIsAcceptedBeforeItsStagingExistsAndBothAreStoredWithThePromotionDefaults() {
        var releases = client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE);
        // GitOps applies in any order: the upstream is a name, not a reference the server checks.
        releases.resource(ReleaseDocument.minimal().set("spec.target.project", "horadus-production")
                .set("spec.promotion", orderedMap("from", List.of("staging"), "soakSeconds", 3600))
                .toResource(NAMESPACE, "production")).fieldValidation(FieldValidateable.Validation.STRICT).create();
        releases.resource(ReleaseDocument.minimal().set("spec.target.project", "horadus-staging")
                .toResource(NAMESPACE, "staging")).fieldValidation(FieldValidateable.Validation.STRICT).create();

        var production = JSON.valueToTree(releases.withName("production").get().getAdditionalProperties().get("spec"));
        var staging = JSON.valueToTree(releases.withName("staging").get().getAdditionalProperties().get("spec"));
        note("ACCEPTED", "production promoted from staging, created first", production.path("promotion").toString());
        assertThat(production.path("promotion")).isEqualTo(JSON.valueToTree(orderedMap(
                "auto", false, "from", List.of("staging"), "onUpstreamRollback", "Report", "soakSeconds", 3600)));
        assertThat(production.path("tag").asText()).isEqualTo("v1.2.3");
        assertThat(staging.has("promotion")).as("no promotion unless asked: %s", staging).isFalse();
    }

    // --- the corpus ----------------------------------------------------------------------------

    /** Shell metacharacters, each appended to an otherwise valid value. */
    private static final Map<String, String> SHELL = orderedMap(
            "';'", ";id",
            "'&&'", "&&id",
            "'|'", "|id",
            "'$()'", "$(id)",
            "backticks", "`id`",
            "single quotes", "'x'",
            "double quotes", "\"x\"",
            "a newline", "\nid",
            "a space", " id");

    /** A field whose value reaches a command line, a git remote or a URL, with a valid value to spoil. */
    record FreeText(String path, String valid, boolean list, Set<String> legal) {
        ReleaseDocument spoil(ReleaseDocument document, String payload) {
            if (path.equals("spec.target.tlsSecretRef")) {
                document.set("spec.target.dockerHost", "tcp://docker.example.com:2376");
            }
            return document.set(path, list ? List.of(valid, valid + payload) : valid + payload);
        }

        String reported() {
            return list ? path + "[1]" : path;
        }
    }

    private static final List<FreeText> FREE_TEXT = List.of(
            new FreeText("spec.tag", "v1.2.3", false, Set.of()),
            new FreeText("spec.source.url", "https://git.example.com/horadus/horadus.git", false, Set.of()),
            new FreeText("spec.source.branch", "release/1.x", false, Set.of()),
            new FreeText("spec.source.secretRef", "git-credentials", false, Set.of()),
            new FreeText("spec.target.project", "horadus", false, Set.of()),
            new FreeText("spec.target.dockerHost", "tcp://docker.example.com:2376", false, Set.of()),
            new FreeText("spec.target.tlsSecretRef", "docker-tls", false, Set.of()),
            new FreeText("spec.target.variablesSecretRef", "compose-variables", false, Set.of()),
            new FreeText("spec.target.composeFiles", "docker-compose.prod.yml", true, Set.of()),
            new FreeText("spec.rollout.build", "api", true, Set.of()),
            new FreeText("spec.rollout.up", "api", true, Set.of()),
            new FreeText("spec.rollout.migration.service", "migrate", false, Set.of()),
            new FreeText("spec.rollout.migration.profile", "ops", false, Set.of()),
            // ; & $ ( ) ' are legal URL characters (query and parameter separators): accepted below.
            new FreeText("spec.verify.healthUrl", "http://127.0.0.1:8000/health", false, Set.of("';'", "'&&'", "'$()'", "single quotes")),
            new FreeText("spec.verify.metricsUrl", "http://127.0.0.1:8000/metrics", false, Set.of("';'", "'&&'", "'$()'", "single quotes")));

    Stream<Bad> badSpecs() {
        var cases = new ArrayList<Bad>();
        for (var tag : List.of("1.2.3", "v1.2", "v01.2.3", "v1.2.3-rc1", "latest", "", "V1.2.3", "v1.2.3.4")) {
            cases.add(rule("tag '" + tag + "'", "spec.tag", d -> d.set("spec.tag", tag)));
        }
        cases.add(rule("tag of 65 characters", "spec.tag", d -> d.set("spec.tag", "v1.2." + "1".repeat(60))));

        for (var field : FREE_TEXT) {
            SHELL.forEach((what, payload) -> {
                if (!field.legal().contains(what)) {
                    cases.add(rule(field.reported() + " with " + what, field.reported(), d -> field.spoil(d, payload)));
                }
            });
        }
        cases.add(rule("source.url with a vertical tab", "spec.source.url", d -> d.set("spec.source.url", "https://git.example.com/h.git\u000bx")));
        cases.add(rule("source.url with an escape character", "spec.source.url", d -> d.set("spec.source.url", "https://git.example.com/\u001b[31mh.git")));
        cases.add(rule("healthUrl with a vertical tab", "spec.verify.healthUrl", d -> d.set("spec.verify.healthUrl", "http://127.0.0.1:8000/\u000bhealth")));
        cases.add(rule("healthUrl with a tab", "spec.verify.healthUrl", d -> d.set("spec.verify.healthUrl", "http://127.0.0.1:8000/\thealth")));
        cases.add(rule("healthUrl with '<>'", "spec.verify.healthUrl", d -> d.set("spec.verify.healthUrl", "http://127.0.0.1:8000/<script>")));
        cases.add(rule("healthUrl with ftp://", "spec.verify.healthUrl", d -> d.set("spec.verify.healthUrl", "ftp://127.0.0.1/health")));
        cases.add(rule("source.url with a leading '-'", "spec.source.url", d -> d.set("spec.source.url", "--upload-pack=touch /tmp/x")));
        cases.add(rule("source.url of the user@host form whose user starts with '-'", "spec.source.url",
                d -> d.set("spec.source.url", "-oProxyCommand=x@git.example.com:h.git")));
        cases.add(rule("dockerHost http://", "spec.target.dockerHost", d -> d.set("spec.target.dockerHost", "http://docker.example.com:2375")));
        cases.add(rule("dockerHost tcp:// without a port", "spec.target.dockerHost", d -> d.set("spec.target.dockerHost", "tcp://docker.example.com")));
        cases.add(rule("project with capitals", "spec.target.project", d -> d.set("spec.target.project", "Horadus")));
        cases.add(rule("branch starting with '-'", "spec.source.branch", d -> d.set("spec.source.branch", "-main")));

        for (var required : List.of("spec.source", "spec.source.url", "spec.target", "spec.target.project", "spec.verify")) {
            cases.add(rule("missing " + required, required, d -> d.remove(required)));
        }
        cases.add(rule("missing spec.tag, no promotion (CEL rule)", "spec", d -> d.remove("spec.tag")));

        // Stages (spec.promotion): the upstreams' names, their count, the soak's bounds, auto and spec.tag.
        cases.add(rule("promotion without from", "spec.promotion.from", d -> d.set("spec.promotion", Map.of("soakSeconds", 60))));
        cases.add(rule("promotion.from empty", "spec.promotion.from", d -> d.set("spec.promotion.from", List.of())));
        cases.add(rule("promotion.from with 9 names", "spec.promotion.from", d -> d.set("spec.promotion.from", ReleaseDocument.copies(9, "stage-"))));
        cases.add(rule("promotion.from 'Staging_1'", "spec.promotion.from[0]", d -> d.set("spec.promotion.from", List.of("Staging_1"))));
        cases.add(rule("promotion.from with a name of 254 characters", "spec.promotion.from[0]", d -> d.set("spec.promotion.from", List.of("s".repeat(254)))));
        cases.add(rule("promotion.from naming staging twice (CEL rule)", "spec.promotion",
                d -> d.set("spec.promotion.from", List.of("staging", "qa", "staging"))));
        cases.add(rule("promotion.soakSeconds -1", "spec.promotion.soakSeconds",
                d -> d.set("spec.promotion.from", List.of("staging")).set("spec.promotion.soakSeconds", -1)));
        cases.add(rule("promotion.soakSeconds 2592001 (30 days and a second)", "spec.promotion.soakSeconds",
                d -> d.set("spec.promotion.from", List.of("staging")).set("spec.promotion.soakSeconds", 2_592_001)));
        // Bogus can never be decoded into the Java enum: only the server judges it.
        cases.add(type("promotion.onUpstreamRollback 'Bogus'", "spec.promotion.onUpstreamRollback",
                d -> d.set("spec.promotion.from", List.of("staging")).set("spec.promotion.onUpstreamRollback", "Bogus")));
        cases.add(type("promotion.onUpstreamRollback 'rollback' (wrong case)", "spec.promotion.onUpstreamRollback",
                d -> d.set("spec.promotion.from", List.of("staging")).set("spec.promotion.onUpstreamRollback", "rollback")));
        cases.add(type("promotion.auto as a string", "spec.promotion.auto",
                d -> d.remove("spec.tag").set("spec.promotion.from", List.of("staging")).set("spec.promotion.auto", "true")));
        cases.add(rule("promotion.auto true with spec.tag set (CEL rule)", "spec",
                d -> d.set("spec.promotion.from", List.of("staging")).set("spec.promotion.auto", true)));
        cases.add(rule("promotion without auto and no spec.tag (CEL rule)", "spec",
                d -> d.remove("spec.tag").set("spec.promotion.from", List.of("staging"))));
        cases.add(rule("promotion.auto false and no spec.tag (CEL rule)", "spec",
                d -> d.remove("spec.tag").set("spec.promotion.from", List.of("staging")).set("spec.promotion.auto", false)));
        cases.add(rule("missing spec.verify.healthUrl and no checks (CEL rule)", "spec.verify", d -> d.remove("spec.verify.healthUrl")));

        cases.add(type("tag as a number", "spec.tag", d -> d.set("spec.tag", 123)));
        cases.add(type("suspend as a string", "spec.suspend", d -> d.set("spec.suspend", "yes")));
        cases.add(type("rollout.build as a string", "spec.rollout.build", d -> d.set("spec.rollout.build", "api")));
        cases.add(type("intervalSeconds as a string", "spec.verify.intervalSeconds", d -> d.set("spec.verify.intervalSeconds", "5")));
        cases.add(type("timeoutSeconds as a fraction", "spec.verify.timeoutSeconds", d -> d.set("spec.verify.timeoutSeconds", 1.5)));
        cases.add(type("target as a string", "spec.target", d -> d.set("spec.target", "horadus")));
        cases.add(type("unknown field spec.tags (typo)", "spec.tags", d -> d.set("spec.tags", "v1.2.4")));
        cases.add(type("unknown field spec.target.composeFile (typo)", "spec.target.composeFile", d -> d.set("spec.target.composeFile", "x.yml")));

        cases.add(rule("9 compose files", "spec.target.composeFiles", d -> d.set("spec.target.composeFiles", ReleaseDocument.copies(9, "compose-").stream().map(f -> f + ".yml").toList())));
        cases.add(rule("no compose files", "spec.target.composeFiles", d -> d.set("spec.target.composeFiles", List.of())));
        cases.add(rule("33 services to build", "spec.rollout.build", d -> d.set("spec.rollout.build", ReleaseDocument.copies(33, "svc"))));
        cases.add(rule("33 services to start", "spec.rollout.up", d -> d.set("spec.rollout.up", ReleaseDocument.copies(33, "svc"))));
        cases.add(rule("no services to start", "spec.rollout.up", d -> d.set("spec.rollout.up", List.of())));
        cases.add(rule("service name of 64 characters", "spec.rollout.build[0]", d -> d.set("spec.rollout.build", List.of("s".repeat(64)))));
        cases.add(rule("migration service of 64 characters", "spec.rollout.migration.service", d -> d.set("spec.rollout.migration.service", "m".repeat(64))));
        cases.add(rule("migration service with ';' while migration is disabled", "spec.rollout.migration.service",
                d -> d.set("spec.rollout.migration.enabled", false).set("spec.rollout.migration.service", "migrate;id")));
        cases.add(rule("source.url of 2049 characters", "spec.source.url", d -> d.set("spec.source.url", "https://git.example.com/" + "a".repeat(2049 - 24))));
        cases.add(rule("healthUrl of 2049 characters", "spec.verify.healthUrl", d -> d.set("spec.verify.healthUrl", "http://127.0.0.1:8000/" + "a".repeat(2049 - 22))));
        cases.add(rule("project of 64 characters", "spec.target.project", d -> d.set("spec.target.project", "p".repeat(64))));
        cases.add(rule("secretRef of 254 characters", "spec.source.secretRef", d -> d.set("spec.source.secretRef", "s".repeat(254))));
        cases.add(rule("tlsSecretRef of 254 characters", "spec.target.tlsSecretRef",
                d -> d.set("spec.target.dockerHost", "tcp://docker.example.com:2376").set("spec.target.tlsSecretRef", "s".repeat(254))));
        cases.add(rule("branch of 256 characters", "spec.source.branch", d -> d.set("spec.source.branch", "b".repeat(256))));
        cases.add(rule("dockerHost of 513 characters", "spec.target.dockerHost", d -> d.set("spec.target.dockerHost", "unix:///" + "d".repeat(505))));

        for (var path : List.of("../x.yml", "a/../../b.yml", "/etc/passwd", "-f.yml", "..", "./../x.yml", "deploy/..", ".")) {
            cases.add(rule("compose file '" + path + "'", "spec.target.composeFiles[0]", d -> d.set("spec.target.composeFiles", List.of(path))));
        }
        // One rule for every repository path in the spec: nothing under .git (files[].path, the changelog and gate Dockerfiles refuse it too).
        for (var path : List.of(".git/config", "./.git/config", "deploy/.git/HEAD", ".git")) {
            cases.add(rule("compose file under .git '" + path + "'", "spec.target.composeFiles",
                    d -> d.set("spec.target.composeFiles", List.of("docker-compose.prod.yml", path))));
        }

        cases.add(rule("intervalSeconds 0", "spec.verify.intervalSeconds", d -> d.set("spec.verify.intervalSeconds", 0)));
        cases.add(rule("intervalSeconds 301", "spec.verify.intervalSeconds", d -> d.set("spec.verify.intervalSeconds", 301)));
        cases.add(rule("timeoutSeconds 0", "spec.verify.timeoutSeconds", d -> d.set("spec.verify.timeoutSeconds", 0)));
        cases.add(rule("timeoutSeconds 3601", "spec.verify.timeoutSeconds", d -> d.set("spec.verify.timeoutSeconds", 3601)));
        cases.add(rule("timeoutSeconds -1", "spec.verify.timeoutSeconds", d -> d.set("spec.verify.timeoutSeconds", -1)));

        cases.add(rule("failureThreshold 0", "spec.verify.failureThreshold", d -> d.set("spec.verify.failureThreshold", 0)));
        cases.add(rule("failureThreshold 101", "spec.verify.failureThreshold", d -> d.set("spec.verify.failureThreshold", 101)));
        cases.add(rule("watchSeconds -1", "spec.verify.watchSeconds", d -> d.set("spec.verify.watchSeconds", -1)));
        cases.add(rule("watchSeconds 86401", "spec.verify.watchSeconds", d -> d.set("spec.verify.watchSeconds", 86401)));
        cases.add(rule("rollback.keep 0", "spec.rollback.keep", d -> d.set("spec.rollback.keep", 0)));
        cases.add(rule("rollback.keep 11", "spec.rollback.keep", d -> d.set("spec.rollback.keep", 11)));
        cases.add(rule("metric rule with two kinds (CEL rule)", "spec.verify.metrics[0]", d -> d.set("spec.verify.metrics", List.of(Map.of(
                "name", "budget", "threshold", Map.of("metric", "spend", "max", 1), "progress", Map.of("metric", "done_total", "withinSeconds", 60))))));
        cases.add(rule("metric rule with no kind (CEL rule)", "spec.verify.metrics[0]", d -> d.set("spec.verify.metrics", List.of(Map.of("name", "budget")))));
        cases.add(rule("metric rule name with a capital", "spec.verify.metrics[0].name", d -> d.set("spec.verify.metrics", List.of(Map.of(
                "name", "Budget", "threshold", Map.of("metric", "spend", "max", 1))))));
        cases.add(rule("metric selector with a space", "spec.verify.metrics[0].threshold.metric", d -> d.set("spec.verify.metrics", List.of(Map.of(
                "name", "budget", "threshold", Map.of("metric", "spend {a=\"b\"}", "max", 1))))));
        cases.add(rule("metric selector with an unquoted label value", "spec.verify.metrics[0].ratio.numerator", d -> d.set("spec.verify.metrics", List.of(Map.of(
                "name", "errors", "ratio", Map.of("numerator", "http_requests_total{status=5xx}", "denominator", "http_requests_total", "max", 0.05))))));
        cases.add(rule("17 metric rules", "spec.verify.metrics", d -> d.set("spec.verify.metrics", java.util.stream.IntStream.range(0, 17)
                .mapToObj(i -> Map.of("name", "r" + i, "threshold", Map.of("metric", "m", "max", 1))).toList())));

        for (var path : List.of("../.env", "config/../../.env", "/etc/passwd", "-.env", "..", ".git/config", ".git", "deploy/.git/hooks/post-checkout", "./.git/config")) {
            cases.add(rule("file from a Secret at '" + path + "'", "spec.target.files[0]" + (path.contains(".git") && !path.contains("..") ? "" : ".path"),
                    d -> d.set("spec.target.files", List.of(Map.of("path", path, "secretRef", "horadus-env", "key", "env")))));
        }
        for (var path : List.of("../CHANGELOG.md", "docs/../../CHANGELOG.md", "/etc/passwd", "-CHANGELOG.md", "..", ".git/config", "deploy/.git/HEAD", "notes file.md")) {
            cases.add(rule("changelog at '" + path + "'", "spec.releaseNotes" + (path.contains(".git") && !path.contains("..") ? "" : ".changelog"),
                    d -> d.set("spec.releaseNotes", Map.of("changelog", path))));
        }
        cases.add(rule("changelog path longer than 255", "spec.releaseNotes.changelog", d -> d.set("spec.releaseNotes", Map.of("changelog", "c".repeat(256)))));
        cases.add(type("releaseNotes.required as a string", "spec.releaseNotes.required", d -> d.set("spec.releaseNotes", Map.of("required", "yes"))));
        cases.add(type("versionPolicy.allowDowngrade as a string", "spec.versionPolicy.allowDowngrade",
                d -> d.set("spec.versionPolicy", Map.of("allowDowngrade", "true"))));
        cases.add(rule("file from a Secret without secretRef", "spec.target.files[0].secretRef",
                d -> d.set("spec.target.files", List.of(Map.of("path", ".env", "key", "env")))));
        cases.add(rule("file from a Secret without key", "spec.target.files[0].key",
                d -> d.set("spec.target.files", List.of(Map.of("path", ".env", "secretRef", "horadus-env")))));
        cases.add(rule("file from a Secret whose key has a '/'", "spec.target.files[0].key",
                d -> d.set("spec.target.files", List.of(Map.of("path", ".env", "secretRef", "horadus-env", "key", "a/b")))));
        cases.add(rule("two files from Secrets at one path (CEL rule)", "spec.target.files",
                d -> d.set("spec.target.files", List.of(Map.of("path", ".env", "secretRef", "a", "key", "env"), Map.of("path", ".env", "secretRef", "b", "key", "env")))));
        cases.add(rule("17 files from Secrets", "spec.target.files", d -> d.set("spec.target.files", java.util.stream.IntStream.range(0, 17)
                .mapToObj(i -> Map.of("path", "env/" + i + ".env", "secretRef", "horadus-env", "key", "env")).toList())));

        cases.add(rule("gate with both image and build (CEL rule)", "spec.gates[0]",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "horadus-dev:ci", "build", Map.of("target", "dev"), "command", List.of("make", "check"))))));
        cases.add(rule("gate with neither image nor build (CEL rule)", "spec.gates[0]",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "command", List.of("make", "check"))))));
        cases.add(rule("gate without a command", "spec.gates[0].command", d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "command", List.of())))));
        cases.add(rule("gate without a name", "spec.gates[0].name", d -> d.set("spec.gates", List.of(Map.of("image", "dev", "command", List.of("true"))))));
        cases.add(rule("gate name with a capital", "spec.gates[0].name", d -> d.set("spec.gates", List.of(gate("Check")))));
        cases.add(rule("two gates of one name (CEL rule)", "spec.gates", d -> d.set("spec.gates", List.of(gate("check"), gate("check")))));
        cases.add(rule("17 gates", "spec.gates", d -> d.set("spec.gates", java.util.stream.IntStream.range(0, 17).mapToObj(i -> gate("g" + i)).toList())));
        cases.add(rule("gate argument with a newline", "spec.gates[0].command[1]",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "command", List.of("make", "check\nid"))))));
        cases.add(rule("gate image with a capital", "spec.gates[0].image",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "Horadus-Dev:ci", "command", List.of("true"))))));
        cases.add(rule("gate image with a space", "spec.gates[0].image",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev ci", "command", List.of("true"))))));
        cases.add(rule("gate Dockerfile outside the checkout", "spec.gates[0].build.dockerfile",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "build", Map.of("dockerfile", "../Dockerfile"), "command", List.of("true"))))));
        cases.add(rule("gate Dockerfile under .git (CEL rule)", "spec.gates[0].build.dockerfile",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "build", Map.of("dockerfile", ".git/Dockerfile"), "command", List.of("true"))))));
        cases.add(rule("gate build stage with ';'", "spec.gates[0].build.target",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "build", Map.of("target", "dev;id"), "command", List.of("true"))))));
        for (var dir : List.of("src", "/", "/src/../etc", "/./src", "/a b")) {
            cases.add(rule("gate workingDir '" + dir + "'", "spec.gates[0].workingDir",
                    d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "workingDir", dir, "command", List.of("true"))))));
        }
        cases.add(rule("gate timeout 0", "spec.gates[0].timeoutSeconds",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "timeoutSeconds", 0, "command", List.of("true"))))));
        cases.add(rule("gate timeout 3601", "spec.gates[0].timeoutSeconds",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "timeoutSeconds", 3601, "command", List.of("true"))))));
        cases.add(rule("gate env Secret name with '_'", "spec.gates[0].envSecretRef",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "envSecretRef", "gate_env", "command", List.of("true"))))));
        cases.add(rule("gate network with '/'", "spec.gates[0].network",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "network", "a/b", "command", List.of("true"))))));
        cases.add(rule("gate path condition without patterns", "spec.gates[0].when.changed",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "when", Map.of("changed", List.of()), "command", List.of("true"))))));
        cases.add(rule("gate path condition from '/'", "spec.gates[0].when.changed[0]",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "when", Map.of("changed", List.of("/ai/prompts/**")), "command", List.of("true"))))));
        cases.add(rule("allowed failure without a reason", "spec.gates[0].allowFailure.reason",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "allowFailure", Map.of(), "command", List.of("true"))))));
        cases.add(rule("allowed failure with a blank reason", "spec.gates[0].allowFailure.reason",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "allowFailure", Map.of("reason", "  \n "), "command", List.of("true"))))));
        cases.add(type("gate command as a string (no shell string)", "spec.gates[0].command",
                d -> d.set("spec.gates", List.of(Map.of("name", "check", "image", "dev", "command", "make check && make test")))));

        cases.add(rule("down-migration enabled without a command (CEL rule)", "spec.rollback.downMigration",
                d -> d.set("spec.rollback.downMigration", Map.of("enabled", true))));
        cases.add(rule("down-migration argument with a newline", "spec.rollback.downMigration.command[0]",
                d -> d.set("spec.rollback.downMigration", Map.of("enabled", true, "command", List.of("alembic\ndowngrade")))));
        cases.add(rule("down-migration argument of 1025 characters", "spec.rollback.downMigration.command[0]",
                d -> d.set("spec.rollback.downMigration", Map.of("enabled", true, "command", List.of("a".repeat(1025))))));
        cases.add(rule("33 down-migration arguments", "spec.rollback.downMigration.command",
                d -> d.set("spec.rollback.downMigration", Map.of("enabled", true, "command", ReleaseDocument.copies(33, "arg")))));
        cases.add(rule("down-migration service with ';'", "spec.rollback.downMigration.service",
                d -> d.set("spec.rollback.downMigration", Map.of("enabled", true, "service", "migrate;id", "command", List.of("x")))));

        cases.add(rule("check with http and exec (CEL rule)", "spec.verify.checks[0]", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "ready", "http", Map.of("url", "http://127.0.0.1:8000/ready"), "exec", Map.of("service", "api", "command", List.of("true")))))));
        cases.add(rule("check with neither http nor exec (CEL rule)", "spec.verify.checks[0]", d -> d.set("spec.verify.checks", List.of(Map.of("name", "ready")))));
        cases.add(rule("check named health (CEL rule)", "spec.verify", d -> d.set("spec.verify.checks", List.of(httpCheck("health")))));
        cases.add(rule("two checks of one name (CEL rule)", "spec.verify", d -> d.set("spec.verify.checks", List.of(httpCheck("ready"), httpCheck("ready")))));
        cases.add(rule("a check named as a metric rule (CEL rule)", "spec.verify", d -> d.set("spec.verify.metricsUrl", "http://127.0.0.1:8000/metrics")
                .set("spec.verify.metrics", List.of(Map.of("name", "budget", "threshold", Map.of("metric", "spend", "max", 1))))
                .set("spec.verify.checks", List.of(httpCheck("budget")))));
        cases.add(rule("check name with a space", "spec.verify.checks[0].name", d -> d.set("spec.verify.checks", List.of(httpCheck("api ready")))));
        cases.add(rule("check without a name", "spec.verify.checks[0].name", d -> d.set("spec.verify.checks", List.of(Map.of(
                "http", Map.of("url", "http://127.0.0.1:8000/ready"))))));
        cases.add(rule("17 checks", "spec.verify.checks", d -> d.set("spec.verify.checks", java.util.stream.IntStream.range(0, 17)
                .mapToObj(i -> httpCheck("c" + i)).toList())));
        cases.add(rule("http check URL with a space", "spec.verify.checks[0].http.url", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "ready", "http", Map.of("url", "http://127.0.0.1:8000/ready now"))))));
        cases.add(rule("http check URL file://", "spec.verify.checks[0].http.url", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "ready", "http", Map.of("url", "file:///etc/passwd"))))));
        cases.add(rule("http check expecting status 600", "spec.verify.checks[0].http.expectStatus[0]", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "ready", "http", Map.of("url", "http://127.0.0.1:8000/ready", "expectStatus", List.of(600)))))));
        cases.add(rule("http check expecting 17 statuses", "spec.verify.checks[0].http.expectStatus", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "ready", "http", Map.of("url", "http://127.0.0.1:8000/ready", "expectStatus",
                        java.util.stream.IntStream.range(200, 217).boxed().toList()))))));
        cases.add(rule("http check bodyContains of 257 characters", "spec.verify.checks[0].http.bodyContains", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "ready", "http", Map.of("url", "http://127.0.0.1:8000/ready", "bodyContains", "x".repeat(257)))))));
        cases.add(rule("http check headersSecretRef with '/'", "spec.verify.checks[0].http.headersSecretRef", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "ready", "http", Map.of("url", "http://127.0.0.1:8000/ready", "headersSecretRef", "keys/admin"))))));
        cases.add(rule("exec check without a command", "spec.verify.checks[0].exec.command", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "inside", "exec", Map.of("service", "api", "command", List.of()))))));
        cases.add(rule("exec check argument with a newline", "spec.verify.checks[0].exec.command[0]", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "inside", "exec", Map.of("service", "api", "command", List.of("curl\nlocalhost")))))));
        cases.add(rule("exec check service with ';'", "spec.verify.checks[0].exec.service", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "inside", "exec", Map.of("service", "api;id", "command", List.of("true")))))));
        cases.add(rule("exec check timeoutSeconds 31", "spec.verify.checks[0].exec.timeoutSeconds", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "inside", "exec", Map.of("service", "api", "command", List.of("true"), "timeoutSeconds", 31))))));
        cases.add(rule("exec check outputMatches of 257 characters", "spec.verify.checks[0].exec.outputMatches", d -> d.set("spec.verify.checks", List.of(Map.of(
                "name", "inside", "exec", Map.of("service", "api", "command", List.of("true"), "outputMatches", "a".repeat(257)))))));
        cases.add(rule("caSecretRef with insecureSkipVerify (CEL rule)", "spec.verify.http", d -> d.set("spec.verify.http", Map.of(
                "caSecretRef", "horadus-ca", "insecureSkipVerify", true))));
        cases.add(rule("probe headersSecretRef with capitals", "spec.verify.http.headersSecretRef", d -> d.set("spec.verify.http", Map.of(
                "headersSecretRef", "Horadus-Keys"))));

        cases.add(courtesy("notify without a webhook", "spec.notify.webhook", d -> d.set("spec.notify", Map.of())));
        cases.add(courtesy("notify.webhook without a secretRef", "spec.notify.webhook.secretRef", d -> d.set("spec.notify", Map.of("webhook", Map.of()))));
        cases.add(courtesy("notify.webhook.secretRef without a name", "spec.notify.webhook.secretRef.name",
                d -> d.set("spec.notify", Map.of("webhook", Map.of("secretRef", Map.of("key", "url"))))));
        cases.add(courtesy("notify.webhook.secretRef.name 'Team_Hooks'", "spec.notify.webhook.secretRef.name",
                d -> d.set("spec.notify", Map.of("webhook", Map.of("secretRef", Map.of("name", "Team_Hooks"))))));
        cases.add(courtesy("notify.webhook.secretRef.key 'url/../x'", "spec.notify.webhook.secretRef.key",
                d -> d.set("spec.notify", Map.of("webhook", Map.of("secretRef", Map.of("name", "team-hooks", "key", "url/../x"))))));
        cases.add(courtesy("notify.webhook.url (a URL in the spec: unknown field)", "spec.notify.webhook.url",
                d -> d.set("spec.notify", Map.of("webhook", Map.of("secretRef", Map.of("name", "team-hooks"), "url", "https://hooks.example/x")))));

        cases.add(rule("tlsSecretRef with the default unix:// dockerHost (CEL rule)", "spec.target",
                d -> d.set("spec.target.tlsSecretRef", "docker-tls")));
        cases.add(rule("tlsSecretRef with an explicit unix:// dockerHost (CEL rule)", "spec.target",
                d -> d.set("spec.target.dockerHost", "unix:///run/docker.sock").set("spec.target.tlsSecretRef", "docker-tls")));
        return cases.stream();
    }

    Stream<BadStatus> badStatuses() {
        return Stream.of(
                new BadStatus("phase 'Exploded'", "status.phase", Map.of("phase", "Exploded")),
                new BadStatus("phase 'ready' (wrong case)", "status.phase", Map.of("phase", "ready")),
                new BadStatus("release.step 'Deploy'", "status.release.step", Map.of("release", Map.of("step", "Deploy"))),
                new BadStatus("release.stepState 'Running'", "status.release.stepState", Map.of("release", Map.of("stepState", "Running"))),
                new BadStatus("history[0].outcome 'Reverted'", "status.history[0].outcome", Map.of("history", List.of(Map.of("tag", "v1.0.0", "outcome", "Reverted")))),
                new BadStatus("rollback.state 'Undone'", "status.rollback.state", Map.of("rollback", Map.of("state", "Undone"))),
                new BadStatus("lastCommand.step 'Up'", "status.lastCommand.step", Map.of("lastCommand", Map.of("step", "Up"))),
                new BadStatus("release.notes.source 'Wiki'", "status.release.notes.source", Map.of("release", Map.of("notes", Map.of("source", "Wiki")))),
                new BadStatus("observedGeneration as a string", "status.observedGeneration", Map.of("observedGeneration", "1")));
    }

    Stream<Good> goodSpecs() {
        return Stream.of(
                new Good("minimal spec", d -> d),
                new Good("every field set", d -> d
                        .set("spec.suspend", true)
                        .set("spec.source.url", "https://git.example.com/horadus/horadus.git")
                        .set("spec.source.branch", "release/1.x")
                        .set("spec.source.secretRef", "git-credentials")
                        .set("spec.target.dockerHost", "tcp://docker.example.com:2376")
                        .set("spec.target.tlsSecretRef", "docker-tls")
                        .set("spec.target.project", "horadus_prod-2")
                        .set("spec.target.composeFiles", List.of("docker-compose.yml", "docker-compose.prod.yml"))
                        .set("spec.rollout.build", List.of("api", "worker", "web.v2"))
                        .set("spec.rollout.up", List.of("api", "worker", "beat", "caddy"))
                        .set("spec.rollout.migration", orderedMap("enabled", false, "service", "db-migrate", "profile", "ops_2"))
                        .set("spec.verify.healthUrl", "https://horadus.example.com/health")
                        .set("spec.verify.metricsUrl", "https://horadus.example.com/metrics")
                        .set("spec.verify.intervalSeconds", 5)
                        .set("spec.verify.timeoutSeconds", 600)),
                new Good("notify.webhook with a Secret, its key defaulted to url",
                        d -> d.set("spec.notify", Map.of("webhook", Map.of("secretRef", Map.of("name", "team-hooks"))))),
                new Good("notify.webhook with a Secret and a key", d -> d.set("spec.notify", Map.of("webhook", Map.of("secretRef",
                        Map.of("name", "team-hooks", "key", "slack.url"))))),
                new Good("tcp:// dockerHost with tlsSecretRef", d -> d.set("spec.target.dockerHost", "tcp://10.0.0.5:2376").set("spec.target.tlsSecretRef", "docker-tls")),
                new Good("tcp:// dockerHost on IPv6", d -> d.set("spec.target.dockerHost", "tcp://[::1]:2375")),
                new Good("compose files './docker-compose.yml', 'deploy/compose.override.yml', '.compose/base.yml'",
                        d -> d.set("spec.target.composeFiles", List.of("./docker-compose.yml", "deploy/compose.override.yml", ".compose/base.yml"))),
                new Good("ssh URL git@host:org/repo.git", d -> d.set("spec.source.url", "git@github.com:horadus/horadus.git")),
                new Good("ssh:// URL with a port", d -> d.set("spec.source.url", "ssh://git@git.example.com:2222/horadus/horadus.git")),
                new Good("file:// URL", d -> d.set("spec.source.url", "file:///srv/git/horadus.git")),
                new Good("absolute path URL", d -> d.set("spec.source.url", "/srv/git/horadus.git")),
                new Good("verify URLs with query and parameter separators ; & $ ( ) '",
                        d -> d.set("spec.verify.healthUrl", "http://127.0.0.1:8000/health;v=1?deep=1&db=$(yes)'")
                                .set("spec.verify.metricsUrl", "http://[::1]:9100/metrics?name=x&y=%20")),
                new Good("nothing to build, migration disabled", d -> d.set("spec.rollout.build", List.of())
                        .set("spec.rollout.migration", orderedMap("enabled", false))),
                new Good("lists and numbers at their bounds", d -> d
                        .set("spec.target.composeFiles", ReleaseDocument.copies(8, "compose-").stream().map(f -> f + ".yml").toList())
                        .set("spec.rollout.build", ReleaseDocument.copies(32, "svc"))
                        .set("spec.rollout.up", ReleaseDocument.copies(32, "svc"))
                        .set("spec.verify.intervalSeconds", 300)
                        .set("spec.verify.timeoutSeconds", 3600)),
                new Good("strings at their bounds", d -> d
                        .set("spec.tag", "v1.2." + "1".repeat(59))
                        .set("spec.target.project", "p".repeat(63))
                        .set("spec.source.secretRef", "s".repeat(253))
                        .set("spec.rollout.migration.service", "m".repeat(63))
                        .set("spec.source.url", "https://git.example.com/" + "a".repeat(2048 - 24))
                        .set("spec.verify.healthUrl", "http://127.0.0.1:8000/" + "a".repeat(2048 - 22))),
                new Good("one metric rule of each kind", d -> d.set("spec.verify.metricsUrl", "http://127.0.0.1:8000/metrics")
                        .set("spec.verify.metrics", List.of(
                                Map.of("name", "budget", "threshold", Map.of("metric", "horadus_budget_used_ratio", "max", 0.9)),
                                Map.of("name", "error-rate", "ratio", Map.of("numerator", "http_requests_total{status=~\"5..\"}",
                                        "denominator", "http_requests_total", "max", 0.05)),
                                Map.of("name", "processing", "progress", Map.of("metric", "horadus_items_processed_total", "withinSeconds", 300))))
                        .set("spec.verify.failureThreshold", 5).set("spec.verify.watchSeconds", 0)
                        .set("spec.rollback", Map.of("enabled", false, "keep", 10))),
                new Good("files and variables from Secrets, at their bounds", d -> d
                        .set("spec.target.files", java.util.stream.IntStream.range(0, 16)
                                .mapToObj(i -> Map.of("path", i == 0 ? ".env" : "config/" + i + "/.env.prod", "secretRef", "horadus-env", "key", i == 0 ? ".env" : "env-" + i))
                                .toList())
                        .set("spec.target.variablesSecretRef", "horadus-compose-variables")),
                new Good("a down-migration with arguments that start with '-' and hold spaces and shell characters (argv, never a shell)",
                        d -> d.set("spec.rollback.downMigration", Map.of("enabled", true, "service", "migrate",
                                "command", List.of("alembic", "downgrade", "-1", "--sql; echo $(id) | tee 'x'")))),
                new Good("named checks instead of a healthUrl: http with headers, status and body, exec inside the api container (argv with shell characters)",
                        d -> d.remove("spec.verify.healthUrl")
                                .set("spec.verify.http", Map.of("headersSecretRef", "horadus-probe-keys", "caSecretRef", "horadus-ingress-ca"))
                                .set("spec.verify.checks", List.of(
                                        Map.of("name", "ready", "http", Map.of("url", "https://127.0.0.1:8443/health/ready", "expectStatus", List.of(200, 204),
                                                "bodyContains", "\"status\": \"ok\"", "bodyMatches", "v[0-9]+\\.[0-9]+", "headersSecretRef", "horadus-admin-keys")),
                                        Map.of("name", "api-inside", "exec", Map.of("service", "api", "timeoutSeconds", 30, "outputContains", "ok",
                                                "command", List.of("sh", "-c", "curl -fsS --max-time 4 http://localhost:8000/health | grep -q ok && echo $((1+1))")))))),
                new Good("https probes without verification", d -> d.set("spec.verify.http", Map.of("insecureSkipVerify", true))),
                new Good("smallest numbers", d -> d.set("spec.verify.intervalSeconds", 1).set("spec.verify.timeoutSeconds", 1)),
                new Good("tag v0.0.0", d -> d.set("spec.tag", "v0.0.0")),
                new Good("release notes from a changelog, not required; downgrades allowed",
                        d -> d.set("spec.releaseNotes", Map.of("required", false, "changelog", "docs/CHANGELOG.md"))
                                .set("spec.versionPolicy", Map.of("allowDowngrade", true))),
                new Good("changelog paths like compose files: './CHANGELOG.md', '.changes/1.x.md'",
                        d -> d.set("spec.releaseNotes", Map.of("changelog", "./CHANGELOG.md"))),
                new Good("changelog in a hidden folder", d -> d.set("spec.releaseNotes", Map.of("changelog", ".changes/1.x.md"))),
                new Good("the runbook's gates: check and test from a dev stage, db-upgrade on the project's network with a Secret, audit-eval on prompt changes, one allowed to fail",
                        d -> d.set("spec.gates", List.of(
                                Map.of("name", "check", "build", Map.of("dockerfile", "docker/api/Dockerfile", "target", "dev"), "command", List.of("make", "check")),
                                Map.of("name", "test", "build", Map.of("target", "dev"), "command", List.of("make", "test"), "timeoutSeconds", 3600,
                                        "allowFailure", Map.of("reason", "flaky until HOR-123\naccepted by the reviewer on 2026-12-04")),
                                Map.of("name", "db-upgrade", "image", "registry.example:5000/horadus/dev@sha256:" + "a".repeat(64), "network", "default",
                                        "envSecretRef", "horadus-release-gate", "workingDir", "/app/src",
                                        "command", List.of("make", "release-gate", "RELEASE_GATE_DATABASE_URL=$(RELEASE_GATE_DATABASE_URL)")),
                                Map.of("name", "audit-eval", "image", "horadus-dev:ci", "command", List.of("make", "audit-eval"),
                                        "when", Map.of("changed", List.of("ai/prompts/**", "src/horadus/**/models/*.py", "{a,b}/[cd]?.txt")))))),
                new Good("16 gates", d -> d.set("spec.gates", java.util.stream.IntStream.range(0, 16).mapToObj(i -> gate("g" + i)).toList())),
                new Good("branch with slashes and dots", d -> d.set("spec.source.branch", "release/2026.11_hotfix-1")),
                new Good("promotion from staging, only its name: defaults soak 0, auto false, onUpstreamRollback Report",
                        d -> d.set("spec.promotion", Map.of("from", List.of("staging")))),
                new Good("promotion from dev and staging, soak 1 h, rolled back with an upstream",
                        d -> d.set("spec.promotion", orderedMap("from", List.of("dev", "staging.eu-1"), "soakSeconds", 3600, "onUpstreamRollback", "RollBack"))),
                new Good("promotion auto without spec.tag", d -> d.remove("spec.tag")
                        .set("spec.promotion", orderedMap("from", List.of("staging"), "auto", true, "soakSeconds", 600))),
                new Good("promotion at its bounds: 8 upstreams of 253 characters, soak 30 days", d -> d
                        .set("spec.promotion", orderedMap("from", java.util.stream.IntStream.range(0, 8).mapToObj(i -> i + "s".repeat(252)).toList(),
                                "soakSeconds", 2_592_000))));
    }

    // --- helpers -------------------------------------------------------------------------------

    private static Map<String, Object> gate(String name) {
        return Map.of("name", name, "image", "horadus-dev:ci", "command", List.of("true"));
    }

    private static Map<String, Object> httpCheck(String name) {
        return Map.of("name", name, "http", Map.of("url", "http://127.0.0.1:8000/ready"));
    }

    private static Bad rule(String name, String field, UnaryOperator<ReleaseDocument> mutation) {
        return new Bad(name, field, Judge.RULE, mutation);
    }

    private static Bad courtesy(String name, String field, UnaryOperator<ReleaseDocument> mutation) {
        return new Bad(name, field, Judge.COURTESY, mutation);
    }

    private static Bad type(String name, String field, UnaryOperator<ReleaseDocument> mutation) {
        return new Bad(name, field, Judge.TYPE, mutation);
    }

    /** Creates the object for real (strict field validation, as kubectl does); the server's refusal, or null. */
    private KubernetesClientException refusalOfCreate(ReleaseDocument document) {
        var resource = document.toResource(NAMESPACE, nextName("bad"));
        return catchThrowableOfType(KubernetesClientException.class, () -> client.genericKubernetesResources(RELEASES)
                .inNamespace(NAMESPACE).resource(resource).fieldValidation(FieldValidateable.Validation.STRICT).create());
    }

    /** "spec.tag: Invalid value ...", "spec.tag: Required value", or unknown field "spec.tags". */
    private static void assertNamesField(String message, String field) {
        assertThat(message.contains(field + ":") || message.contains("\"" + field + "\""))
                .as("the server's message names %s: %s", field, message).isTrue();
    }

    private static com.fasterxml.jackson.databind.JsonNode reread(com.fasterxml.jackson.databind.JsonNode tree) {
        try {
            return JSON.readTree(tree.toString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String nextName(String prefix) {
        return prefix + "-" + objectNumber.incrementAndGet();
    }

    private synchronized void note(String verdict, String object, String message) {
        var oneLine = message.replace("\n", " ⏎ ").replaceAll("\\s+", " ").strip();
        verdicts.add(String.format("%-8s | %-62s | %s", verdict, abbreviate(printable(object), 62), abbreviate(printable(oneLine), 240)));
    }

    private static String printable(String text) {
        var out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        var map = new LinkedHashMap<String, V>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked") var value = (V) keysAndValues[i + 1];
            map.put((String) keysAndValues[i], value);
        }
        return map;
    }
}

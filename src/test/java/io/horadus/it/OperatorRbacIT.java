package io.horadus.it;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.HoradusApproval;
import io.horadus.api.HoradusApprovalSpec;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.demo.SampleApp;
import io.horadus.testing.GitFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * manifests/base/rbac.yaml on a real API server with RBAC (kube-apiserver v1.20): the operator's ServiceAccount may
 * make every call in src/test/resources/rbac/operator-calls.txt and nothing more, and the packaged operator
 * runs on that token alone. Also the roles for people in manifests/base/user-roles.yaml.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorRbacIT {

    /** A namespace of releases, other than the operator's own. */
    private static final String TEAM = Releases.NAMESPACE;

    private RbacCluster cluster;
    private KubernetesClient operatorClient;
    private final OperatorCalls calls = OperatorCalls.load();
    private Path scratch;

    @BeforeAll
    void startCluster() throws IOException {
        scratch = Files.createDirectories(Path.of("target", "it", "OperatorRbacIT-" + UUID.randomUUID().toString().substring(0, 8))).toAbsolutePath();
        cluster = RbacCluster.start(scratch.resolve("kube"));
        cluster.server().kubectlOrFail("apply", "-f", RbacCluster.MANIFESTS.resolve("user-roles.yaml").toString());
        operatorClient = cluster.clientWithToken(cluster.operatorToken());
    }

    @AfterAll
    void stopCluster() {
        if (operatorClient != null) {
            operatorClient.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @DisplayName("the ServiceAccount may make every call in the operator's list")
    void everyListedCallIsAllowed() {
        var denied = calls.entries().stream()
                .filter(entry -> !allowed(operatorClient, entry.verb(), entry.group(), entry.resource(), entry.subresource(), namespaceFor(entry.scope())))
                .map(OperatorCalls.Entry::toString)
                .toList();
        assertThat(denied).as("listed calls the ServiceAccount may not make").isEmpty();
    }

    @Test
    @DisplayName("every rule bound to the ServiceAccount in manifests/base/rbac.yaml is a listed call, with no wildcards")
    void manifestsGrantOnlyListedCalls() throws IOException {
        var objects = load(RbacCluster.MANIFESTS.resolve("rbac.yaml"));
        var beyond = new ArrayList<String>();
        var boundRoles = 0;
        for (var binding : objects) {
            RoleRef ref;
            List<Subject> subjects;
            boolean clusterWide;
            if (binding instanceof ClusterRoleBinding b) {
                ref = b.getRoleRef();
                subjects = b.getSubjects();
                clusterWide = true;
            } else if (binding instanceof RoleBinding b) {
                ref = b.getRoleRef();
                subjects = b.getSubjects();
                clusterWide = false;
                assertThat(b.getMetadata().getNamespace()).as("RoleBinding %s", b.getMetadata().getName()).isEqualTo(RbacCluster.OPERATOR_NAMESPACE);
            } else {
                continue;
            }
            if (subjects.stream().noneMatch(s -> "ServiceAccount".equals(s.getKind()) && RbacCluster.SERVICE_ACCOUNT.equals(s.getName())
                    && RbacCluster.OPERATOR_NAMESPACE.equals(s.getNamespace()))) {
                continue;
            }
            boundRoles++;
            for (var rule : rules(objects, ref)) {
                assertThat(rule.getNonResourceURLs()).as("non-resource URLs in %s", ref.getName()).isNullOrEmpty();
                for (var group : rule.getApiGroups()) {
                    for (var resource : rule.getResources()) {
                        for (var verb : rule.getVerbs()) {
                            var granted = verb + " " + (group.isEmpty() ? "core" : group) + " " + resource
                                    + (clusterWide ? " cluster-wide" : " in " + RbacCluster.OPERATOR_NAMESPACE) + " (" + ref.getName() + ")";
                            assertThat(List.of(group, resource, verb)).as("wildcard in %s", granted).doesNotContain("*");
                            if (!listed(verb, group, resource, clusterWide)) {
                                beyond.add(granted);
                            }
                        }
                    }
                }
            }
        }
        assertThat(boundRoles).as("roles bound to the ServiceAccount").isEqualTo(2);
        assertThat(beyond).as("grants in manifests/base/rbac.yaml beyond " + OperatorCalls.FILE).isEmpty();
    }

    @Test
    @DisplayName("the ServiceAccount may not change releases' spec, list Secrets, create pods, read ConfigMaps, escalate, or take Leases elsewhere")
    void callsOutsideTheListAreDenied() {
        var probes = List.of(
                new Probe("create", "horadus.io", "horadusreleases", "", TEAM),
                new Probe("update", "horadus.io", "horadusreleases", "", TEAM),
                new Probe("patch", "horadus.io", "horadusreleases", "", TEAM),
                new Probe("delete", "horadus.io", "horadusreleases", "", TEAM),
                new Probe("deletecollection", "horadus.io", "horadusreleases", "", TEAM),
                new Probe("get", "horadus.io", "horadusreleases", "", TEAM),
                new Probe("patch", "horadus.io", "horadusreleases", "status", TEAM),
                new Probe("create", "horadus.io", "horadusapprovals", "", TEAM),
                new Probe("update", "horadus.io", "horadusapprovals", "", TEAM),
                new Probe("patch", "horadus.io", "horadusapprovals", "", TEAM),
                new Probe("delete", "horadus.io", "horadusapprovals", "", TEAM),
                new Probe("watch", "horadus.io", "horadusapprovals", "", TEAM),
                new Probe("list", "", "secrets", "", null),
                new Probe("watch", "", "secrets", "", null),
                new Probe("list", "", "secrets", "", TEAM),
                new Probe("watch", "", "secrets", "", TEAM),
                new Probe("create", "", "secrets", "", TEAM),
                new Probe("update", "", "secrets", "", TEAM),
                new Probe("delete", "", "secrets", "", TEAM),
                new Probe("create", "", "pods", "", TEAM),
                new Probe("create", "", "pods", "", RbacCluster.OPERATOR_NAMESPACE),
                new Probe("get", "", "configmaps", "", TEAM),
                new Probe("list", "", "configmaps", "", TEAM),
                new Probe("list", "", "events", "", TEAM),
                new Probe("patch", "", "events", "", TEAM),
                new Probe("delete", "", "events", "", TEAM),
                new Probe("get", "coordination.k8s.io", "leases", "", TEAM),
                new Probe("create", "coordination.k8s.io", "leases", "", TEAM),
                new Probe("update", "coordination.k8s.io", "leases", "", TEAM),
                new Probe("list", "coordination.k8s.io", "leases", "", RbacCluster.OPERATOR_NAMESPACE),
                new Probe("delete", "coordination.k8s.io", "leases", "", RbacCluster.OPERATOR_NAMESPACE),
                new Probe("escalate", "rbac.authorization.k8s.io", "clusterroles", "", null),
                new Probe("bind", "rbac.authorization.k8s.io", "clusterroles", "", null),
                new Probe("create", "rbac.authorization.k8s.io", "clusterrolebindings", "", null),
                new Probe("create", "rbac.authorization.k8s.io", "rolebindings", "", TEAM),
                new Probe("impersonate", "", "users", "", null),
                new Probe("create", "", "serviceaccounts", "token", RbacCluster.OPERATOR_NAMESPACE),
                new Probe("list", "", "namespaces", "", null),
                new Probe("create", "apiextensions.k8s.io", "customresourcedefinitions", "", null));
        var allowedProbes = probes.stream()
                .filter(p -> allowed(operatorClient, p.verb(), p.group(), p.resource(), p.subresource(), p.namespace()))
                .map(Probe::toString)
                .toList();
        assertThat(allowedProbes).as("calls outside the list that the ServiceAccount may make").isEmpty();
    }

    @Test
    @DisplayName("the packaged operator on the ServiceAccount's token alone reads releases and Secrets, writes status and Events, takes the Lease, and is never refused")
    void operatorRunsOnItsServiceAccountAlone() throws Exception {
        var admin = cluster.admin();
        admin.resource(new SecretBuilder().withNewMetadata().withName("horadus-git").withNamespace(TEAM).endMetadata()
                .addToStringData("token", "not-a-real-token").build()).create();
        var git = GitFixture.create(scratch.resolve("git"));
        var app = SampleApp.Variant.ok("v1.0.0", 18080);
        git.commit(SampleApp.files(app), "Horadus v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nFirst release.");
        var releases = new Releases(admin);

        try (var operator = new OperatorProcess(cluster.operatorAccess(cluster.operatorToken()), scratch.resolve("operator-work"),
                scratch.resolve("logs"), Map.of()).start()) {
            // Reads the Secret it names (present), then the tag is missing: stalled, with an Event, before anything runs on a host.
            releases.create("bad-tag", "v9.9.9", git.url(), "rbacbadtag", app, spec -> spec.getSource().setSecretRef("horadus-git"));
            // Looks the Secret up and finds none.
            releases.create("no-secret", "v1.0.0", git.url(), "rbacnosecret", app, spec -> spec.getSource().setSecretRef("absent"));

            await().atMost(Duration.ofMinutes(2)).until(() -> releases.stalled("bad-tag") && releases.stalled("no-secret"));
            assertThat(releases.condition("bad-tag", "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("TagNotFound"));
            assertThat(releases.condition("no-secret", "Ready")).hasValueSatisfying(c -> {
                assertThat(c.getReason()).isEqualTo("SecretInvalid");
                assertThat(c.getMessage()).isEqualTo("Secret absent not found in namespace " + TEAM);
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(admin.v1().events().inNamespace(TEAM).list().getItems())
                    .filteredOn(e -> "bad-tag".equals(e.getInvolvedObject().getName()))
                    .extracting(e -> e.getReason()).contains("TagNotFound"));
            await().atMost(Duration.ofSeconds(30)).until(cluster::leaseRenewed);
            assertThat(operator.log()).doesNotContainPattern("(?i)forbidden|code=403|\\b403 Forbidden");
        }
    }

    @Test
    @DisplayName("horadus-release-viewer reads releases but changes nothing; horadus-release-editor changes the spec but not status; neither reads Secrets")
    void rolesForPeople() throws IOException {
        var people = load(RbacCluster.MANIFESTS.resolve("user-roles.yaml"));
        assertThat(labels(people, "horadus-release-viewer")).containsEntry("rbac.authorization.k8s.io/aggregate-to-view", "true");
        assertThat(labels(people, "horadus-release-editor")).containsEntry("rbac.authorization.k8s.io/aggregate-to-edit", "true");
        var admin = cluster.admin();
        bind("alice", "horadus-release-viewer");
        bind("bob", "horadus-release-editor");
        admin.resource(new SecretBuilder().withNewMetadata().withName("people-probe").withNamespace(TEAM).endMetadata()
                .addToStringData("token", "x").build()).create();
        var releases = new Releases(admin);
        releases.create("people", "v1.0.0", "https://git.invalid/horadus.git", "people", SampleApp.Variant.ok("v1.0.0", 18081));

        try (var alice = cluster.impersonating("alice"); var bob = cluster.impersonating("bob")) {
            var asAlice = alice.resources(HoradusRelease.class).inNamespace(TEAM);
            assertThat(asAlice.withName("people").get().getSpec().getTag()).isEqualTo("v1.0.0");
            assertThat(asAlice.list().getItems()).extracting(r -> r.getMetadata().getName()).contains("people");
            assertForbidden(() -> asAlice.withName("people").edit(r -> withTag(r, "v1.1.0")));
            assertForbidden(() -> asAlice.withName("people").delete());
            assertForbidden(() -> alice.secrets().inNamespace(TEAM).withName("people-probe").get());

            var asBob = bob.resources(HoradusRelease.class).inNamespace(TEAM);
            asBob.withName("people").edit(r -> withTag(r, "v1.1.0"));
            assertThat(releases.get("people").getSpec().getTag()).isEqualTo("v1.1.0");
            assertForbidden(() -> asBob.withName("people").editStatus(r -> {
                var status = new HoradusReleaseStatus();
                status.setDesiredTag("v1.1.0");
                r.setStatus(status);
                return r;
            }));
            assertForbidden(() -> bob.secrets().inNamespace(TEAM).withName("people-probe").get());
            assertForbidden(() -> bob.secrets().inNamespace(TEAM).list());
            asBob.withName("people").delete();
            await().atMost(Duration.ofSeconds(10)).until(() -> releases.get("people") == null);
        }
    }

    @Test
    @DisplayName("the reviewer creates an approval but cannot change a release's tag; the release driver (horadus-release-driver, or horadus-release-editor through edit) changes the tag but cannot approve; the reviewer's and the driver's roles aggregate nowhere")
    void reviewerAndDriverAreSeparate() throws IOException {
        var people = load(RbacCluster.MANIFESTS.resolve("user-roles.yaml"));
        for (var role : List.of("horadus-release-reviewer", "horadus-release-driver")) {
            var roleLabels = people.stream().filter(o -> o.getMetadata().getName().equals(role)).findFirst()
                    .orElseThrow().getMetadata().getLabels();
            assertThat(roleLabels == null ? Map.<String, String>of() : roleLabels).as("labels of " + role)
                    .doesNotContainKeys("rbac.authorization.k8s.io/aggregate-to-edit", "rbac.authorization.k8s.io/aggregate-to-admin",
                            "rbac.authorization.k8s.io/aggregate-to-view");
        }
        var established = cluster.server().kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/horadusapprovals.horadus.io");
        assertThat(established.succeeded()).as(established.toString()).isTrue();
        bind("carol", "horadus-release-reviewer");
        bind("dan", "horadus-release-editor");
        bind("erin", "horadus-release-driver");
        var releases = new Releases(cluster.admin());
        releases.create("reviewed", "v1.0.0", "https://git.invalid/horadus.git", "reviewed", SampleApp.Variant.ok("v1.0.0", 18082));

        try (var carol = cluster.impersonating("carol"); var dan = cluster.impersonating("dan")) {
            // What `kubectl auth can-i --as=carol` / `--as=dan` answer.
            assertThat(allowed(carol, "create", "horadus.io", "horadusapprovals", "", TEAM)).isTrue();
            assertThat(allowed(carol, "patch", "horadus.io", "horadusreleases", "", TEAM)).isFalse();
            assertThat(allowed(carol, "update", "horadus.io", "horadusreleases", "", TEAM)).isFalse();
            assertThat(allowed(dan, "patch", "horadus.io", "horadusreleases", "", TEAM)).isTrue();
            assertThat(allowed(dan, "create", "horadus.io", "horadusapprovals", "", TEAM)).isFalse();
            assertThat(allowed(dan, "update", "horadus.io", "horadusapprovals", "", TEAM)).isFalse();
            assertThat(allowed(dan, "list", "horadus.io", "horadusapprovals", "", TEAM)).isTrue();
            try (var erin = cluster.impersonating("erin")) {
                // The driver's own role, bound without `edit`: the same split.
                assertThat(allowed(erin, "patch", "horadus.io", "horadusreleases", "", TEAM)).isTrue();
                assertThat(allowed(erin, "list", "horadus.io", "horadusapprovals", "", TEAM)).isTrue();
                assertThat(allowed(erin, "create", "horadus.io", "horadusapprovals", "", TEAM)).isFalse();
                assertThat(allowed(erin, "update", "horadus.io", "horadusapprovals", "", TEAM)).isFalse();
                assertThat(allowed(erin, "patch", "horadus.io", "horadusreleases", "status", TEAM)).isFalse();
            }

            // The same, done: carol approves and cannot move the tag; dan moves it and cannot approve.
            carol.resources(HoradusApproval.class).inNamespace(TEAM).resource(approval("reviewed-v1.0.0", "v1.0.0")).create();
            assertForbidden(() -> carol.resources(HoradusRelease.class).inNamespace(TEAM).withName("reviewed").edit(r -> withTag(r, "v1.1.0")));
            dan.resources(HoradusRelease.class).inNamespace(TEAM).withName("reviewed").edit(r -> withTag(r, "v1.1.0"));
            assertThat(releases.get("reviewed").getSpec().getTag()).isEqualTo("v1.1.0");
            assertForbidden(() -> dan.resources(HoradusApproval.class).inNamespace(TEAM).resource(approval("reviewed-v1.1.0", "v1.1.0")).create());
            assertForbidden(() -> dan.resources(HoradusApproval.class).inNamespace(TEAM).withName("reviewed-v1.0.0")
                    .edit(a -> { a.getSpec().setReviewer("dan"); return a; }));
            assertThat(dan.resources(HoradusApproval.class).inNamespace(TEAM).list().getItems())
                    .extracting(a -> a.getSpec().getReviewer()).containsExactly("carol");
        }
    }

    private static HoradusApproval approval(String name, String tag) {
        var approval = new HoradusApproval();
        approval.getMetadata().setName(name);
        var spec = new HoradusApprovalSpec();
        spec.setRelease("reviewed");
        spec.setTag(tag);
        spec.setCommit("0123456789abcdef0123456789abcdef01234567");
        spec.setReviewer("carol");
        approval.setSpec(spec);
        return approval;
    }

    private boolean listed(String verb, String group, String resource, boolean clusterWide) {
        var slash = resource.indexOf('/');
        var name = slash < 0 ? resource : resource.substring(0, slash);
        var subresource = slash < 0 ? "" : resource.substring(slash + 1);
        return calls.entries().stream().anyMatch(entry -> entry.verb().equals(verb) && entry.group().equals(group)
                && entry.resource().equals(name) && entry.subresource().equals(subresource)
                // A cluster-wide grant is too much for a call the operator makes in its own namespace only.
                && (!clusterWide || entry.scope() != OperatorCalls.Scope.OPERATOR_NAMESPACE));
    }

    private String namespaceFor(OperatorCalls.Scope scope) {
        return switch (scope) {
            case CLUSTER -> null;
            case NAMESPACED -> TEAM;
            case OPERATOR_NAMESPACE -> RbacCluster.OPERATOR_NAMESPACE;
        };
    }

    private static boolean allowed(KubernetesClient client, String verb, String group, String resource, String subresource, String namespace) {
        var review = client.resource(new SelfSubjectAccessReviewBuilder().withNewSpec().withNewResourceAttributes()
                .withVerb(verb).withGroup(group).withResource(resource).withSubresource(subresource).withNamespace(namespace)
                .endResourceAttributes().endSpec().build()).create();
        return review.getStatus().getAllowed();
    }

    private record Probe(String verb, String group, String resource, String subresource, String namespace) {
        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + " " + resource + (subresource.isEmpty() ? "" : "/" + subresource)
                    + (namespace == null ? " cluster-wide" : " in " + namespace);
        }
    }

    private void bind(String user, String clusterRole) {
        cluster.admin().resource(new RoleBindingBuilder().withNewMetadata().withName(user + "-" + clusterRole).withNamespace(TEAM).endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject().withKind("User").withApiGroup("rbac.authorization.k8s.io").withName(user).endSubject()
                .build()).create();
    }

    private static HoradusRelease withTag(HoradusRelease release, String tag) {
        release.getSpec().setTag(tag);
        return release;
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }

    private List<HasMetadata> load(Path manifest) throws IOException {
        try (var in = new FileInputStream(manifest.toFile())) {
            return cluster.admin().load(in).items();
        }
    }

    private static List<PolicyRule> rules(List<HasMetadata> objects, RoleRef ref) {
        return objects.stream()
                .filter(o -> o.getKind().equals(ref.getKind()) && o.getMetadata().getName().equals(ref.getName()))
                .findFirst()
                .map(o -> o instanceof ClusterRole role ? role.getRules() : ((Role) o).getRules())
                .orElseThrow(() -> new AssertionError("manifests/base/rbac.yaml binds " + ref.getKind() + " " + ref.getName() + ", which it does not define"));
    }

    private static Map<String, String> labels(List<HasMetadata> objects, String name) {
        return objects.stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .map(o -> o.getMetadata().getLabels()).orElseThrow(() -> new AssertionError("no " + name + " in manifests/base/user-roles.yaml"));
    }
}

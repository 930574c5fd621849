package io.horadus.api;

import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HoradusApproval CRD on a real Kubernetes v1.36 API server: it installs alone (CEL within the
 * cost budget), and bad approvals are refused at apply with a message naming the field: a bad tag, a
 * commit that is not 40 hex digits, a missing release, and any change of an approval's spec.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalCrdIT {

    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private RealApiServer server;
    private Path scratch;

    @BeforeAll
    void start() throws IOException {
        var run = Path.of("target", "kube-real", "ApprovalCrdIT-" + UUID.randomUUID().toString().substring(0, 8));
        server = RealApiServer.start(RealApiServer.Kind.CRD_V1_36, run.resolve("v1.36"));
        scratch = Files.createDirectories(run.resolve("objects"));
        var crd = CrdFile.committed(CrdFile.APPROVALS).toString();
        var applied = server.kubectl("apply", "--server-side", "-f", crd);
        assertThat(applied.succeeded()).as(applied.toString()).isTrue();
        var established = server.kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/horadusapprovals.horadus.io");
        assertThat(established.succeeded()).as(established.toString()).isTrue();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @DisplayName("installs alone, with its short name and category, and shows Release, Tag, Commit, Age")
    void installsAndShowsColumns() throws IOException {
        assertThat(server.kubectl("api-resources", "--api-group=horadus.io", "-o", "wide").output())
                .contains("horadusapprovals", "happr", "HoradusApproval", "horadus");
        var created = create("shown", approval("shown", "app", "v1.2.0", COMMIT, "alice"));
        assertThat(created.succeeded()).as(created.toString()).isTrue();

        var table = server.kubectlOrFail("-n", "approvals", "get", "happr", "shown").strip().split("\n");
        assertThat(table[0].trim().split(" {2,}")).containsExactly("NAME", "RELEASE", "TAG", "COMMIT", "AGE");
        assertThat(table[1]).startsWith("shown").contains("app", "v1.2.0", COMMIT);
    }

    @Test
    @DisplayName("a bad tag, a short or uppercase commit, a missing release, a bad release name and an overlong comment are refused at apply")
    void badApprovalsAreRefused() throws IOException {
        assertRefused("bad-tag", approval("bad-tag", "app", "1.2.0", COMMIT, null), "spec.tag");
        assertRefused("short-commit", approval("short-commit", "app", "v1.2.0", "0123456", null), "spec.commit");
        assertRefused("upper-commit", approval("upper-commit", "app", "v1.2.0", COMMIT.toUpperCase(), null), "spec.commit");
        assertRefused("no-release", "{\"spec\":{\"tag\":\"v1.2.0\",\"commit\":\"" + COMMIT + "\"}}", "spec.release");
        assertRefused("bad-release", approval("bad-release", "App_1", "v1.2.0", COMMIT, null), "spec.release");
        assertRefused("no-spec", "{\"apiVersion\":\"horadus.io/v1alpha1\",\"kind\":\"HoradusApproval\",\"metadata\":{\"name\":\"no-spec\"}}",
                "spec is required");
        assertRefused("long-comment", "{\"spec\":{\"release\":\"app\",\"tag\":\"v1.2.0\",\"commit\":\"" + COMMIT + "\",\"comment\":\""
                + "x".repeat(FieldRules.COMMENT_MAX + 1) + "\"}}", "spec.comment");
    }

    @Test
    @DisplayName("an approval's spec never changes: a moved tag needs a new approval")
    void specIsImmutable() throws IOException {
        var created = create("fixed", approval("fixed", "app", "v1.2.0", COMMIT, "alice"));
        assertThat(created.succeeded()).as(created.toString()).isTrue();

        for (var patch : new String[]{"{\"spec\":{\"commit\":\"" + "f".repeat(40) + "\"}}", "{\"spec\":{\"tag\":\"v1.2.1\"}}",
                "{\"spec\":{\"reviewer\":\"mallory\"}}"}) {
            var patched = server.kubectl("-n", "approvals", "patch", "happr", "fixed", "--type=merge", "-p", patch);
            assertThat(patched.succeeded()).as(patched.toString()).isFalse();
            assertThat(patched.output()).contains("spec is immutable");
        }
        var labelled = server.kubectl("-n", "approvals", "label", "happr", "fixed", "team=web");
        assertThat(labelled.succeeded()).as("metadata may change: " + labelled).isTrue();
    }

    private void assertRefused(String name, String document, String field) throws IOException {
        var created = create(name, document);
        assertThat(created.succeeded()).as(name + ": " + created).isFalse();
        assertThat(created.output()).as(name).contains(field);
    }

    /** What the reviewer's command does: the approval as JSON, piped to `kubectl create -f -` (here from a file). */
    private io.horadus.testing.Commands.Output create(String name, String document) throws IOException {
        var full = document.startsWith("{\"apiVersion\"") ? document
                : "{\"apiVersion\":\"horadus.io/v1alpha1\",\"kind\":\"HoradusApproval\",\"metadata\":{\"name\":\"" + name + "\"},"
                + document.substring(1);
        var file = scratch.resolve(name + ".json");
        Files.writeString(file, full);
        return server.kubectl("-n", "approvals", "create", "-f", file.toString());
    }

    private static String approval(String name, String release, String tag, String commit, String reviewer) {
        return "{\"apiVersion\":\"horadus.io/v1alpha1\",\"kind\":\"HoradusApproval\",\"metadata\":{\"name\":\"" + name + "\"},"
                + "\"spec\":{\"release\":\"" + release + "\",\"tag\":\"" + tag + "\",\"commit\":\"" + commit + "\""
                + (reviewer == null ? "" : ",\"reviewer\":\"" + reviewer + "\"") + "}}";
    }
}

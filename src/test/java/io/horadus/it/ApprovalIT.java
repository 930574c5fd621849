package io.horadus.it;

import io.horadus.api.ApprovalRequirement;
import io.horadus.api.HoradusApproval;
import io.horadus.api.HoradusApprovalSpec;
import io.horadus.api.Phase;
import io.horadus.testing.Commands;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runbook's reviewer on a real API server (Kubernetes v1.36's CRD server, both CRDs applied from
 * crds/), a real Docker engine and real git: a release that requires approval waits and runs nothing,
 * a stale approval is ignored, and the one command status shows, typed by a reviewer, releases it.
 * Without the approval CRD the release says what to install, and goes on once it is.
 */
class ApprovalIT extends CrdServerHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String APPROVAL_CRD = "crd/horadusapprovals.horadus.io";

    /** One replica (this server has no Leases), and a waiting release looks for its approval every second. */
    @Override
    protected Map<String, String> settings() {
        return Map.of("quarkus.profile", "single", "horadus.approval-poll", "1S");
    }

    @Test
    @DisplayName("AwaitingApproval runs nothing; a stale approval is ignored and named; the reviewer's command from status releases it")
    void waitStaleThenGranted() throws Exception {
        var server = ((RealCluster) cluster).server();
        assertThat(server.kubectl("wait", "--for=condition=Established", "--timeout=60s", APPROVAL_CRD).succeeded()).isTrue();
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);

        releases.create("reviewed", "v1.0.0", git.url(), app.project(), v100, spec -> spec.getApproval().setRequired(ApprovalRequirement.Always));
        // Ready says AwaitingApproval with the phase already; the Approved condition comes when the step has looked.
        await().atMost(TIMEOUT).until(() -> approvedReason("reviewed").equals("AwaitingApproval"));
        var status = releases.get("reviewed").getStatus();
        var commit = status.getRelease().getCommit();
        assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(releases.condition("reviewed", "Ready")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(releases.condition("reviewed", "Stalled")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
        assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();
        assertThat(io.horadus.testing.MigrationLog.runs(app.project())).isEmpty();

        // An approval of the same tag at another commit (say, before the tag was moved): ignored, and said so.
        approve("reviewed-stale", "reviewed", "v1.0.0", "f".repeat(40));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(releases.condition("reviewed", "Approved"))
                .hasValueSatisfying(c -> assertThat(c.getMessage()).contains("stale approvals, ignored").contains("reviewed-stale")));
        assertThat(releases.get("reviewed").getStatus().getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(releases.get("reviewed").getStatus().getRelease().getApproval().getStale())
                .singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("reviewed-stale"));
        assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();

        // The reviewer types the command the condition shows, as it is.
        var message = releases.condition("reviewed", "Approved").orElseThrow().getMessage();
        var command = message.substring(message.indexOf("a reviewer runs: ") + "a reviewer runs: ".length());
        assertThat(command).startsWith("echo '").endsWith("| kubectl -n " + Releases.NAMESPACE + " create -f -").contains(commit);
        var typed = Commands.run(null, Map.of("KUBECONFIG", server.kubeconfig().toString(), "USER", "carol"),
                List.of("bash", "-c", command), Duration.ofSeconds(60));
        assertThat(typed.succeeded()).as(typed.toString()).isTrue();
        assertThat(typed.output()).contains("horadusapproval.horadus.io/reviewed-v1.0.0-" + commit.substring(0, 7) + " created");

        await().atMost(TIMEOUT).until(() -> releases.readyAt("reviewed", "v1.0.0"));
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        var approval = releases.get("reviewed").getStatus().getRelease().getApproval();
        assertThat(approval.getName()).isEqualTo("reviewed-v1.0.0-" + commit.substring(0, 7));
        assertThat(approval.getReviewer()).isEqualTo("carol");
        assertThat(approval.getApprovedAt()).isNotBlank();
        assertThat(releases.condition("reviewed", "Approved")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo("Approved");
            assertThat(c.getMessage()).isEqualTo("v1.0.0 (commit " + commit + ") approved by carol in HoradusApproval " + approval.getName()
                    + "; stale approvals, ignored (another tag or commit): reviewed-stale (v1.0.0, commit " + "f".repeat(40) + ")");
        });
    }

    @Test
    @DisplayName("without the HoradusApproval CRD the release says to install it and runs nothing; once installed, an approval releases it")
    void approvalCrdMissing() throws Exception {
        var server = ((RealCluster) cluster).server();
        var crdFile = Path.of(System.getProperty("crd.dir", "crds")).resolve("horadusapprovals.horadus.io-v1.yml").toAbsolutePath().toString();
        server.kubectlOrFail("delete", "--wait=true", "-f", crdFile);
        try {
            var app = app();
            var v100 = app.ok("v1.0.0");
            var git = repositoryWith(v100);
            releases.create("uninstalled", "v1.0.0", git.url(), app.project(), v100,
                    spec -> spec.getApproval().setRequired(ApprovalRequirement.Always));

            await().atMost(TIMEOUT).until(() -> reason("uninstalled").equals("ApprovalKindMissing"));
            assertThat(releases.condition("uninstalled", "Ready")).hasValueSatisfying(c -> {
                assertThat(c.getStatus()).isEqualTo("False");
                assertThat(c.getMessage()).contains("kubectl apply -f crds/horadusapprovals.horadus.io-v1.yml");
            });
            assertThat(releases.condition("uninstalled", "Stalled")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
            assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();

            server.kubectlOrFail("apply", "-f", crdFile);
            assertThat(server.kubectl("wait", "--for=condition=Established", "--timeout=60s", APPROVAL_CRD).succeeded()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> approvedReason("uninstalled").equals("AwaitingApproval"));
            approve("uninstalled-ok", "uninstalled", "v1.0.0", releases.get("uninstalled").getStatus().getRelease().getCommit());
            await().atMost(TIMEOUT).until(() -> releases.readyAt("uninstalled", "v1.0.0"));
            assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        } finally {
            server.kubectl("apply", "-f", crdFile);
        }
    }

    /** What the reviewer's command creates, through the client. */
    private void approve(String name, String release, String tag, String commit) {
        var approval = new HoradusApproval();
        approval.getMetadata().setName(name);
        approval.getMetadata().setNamespace(Releases.NAMESPACE);
        var spec = new HoradusApprovalSpec();
        spec.setRelease(release);
        spec.setTag(tag);
        spec.setCommit(commit);
        spec.setReviewer("someone");
        approval.setSpec(spec);
        cluster.client().resource(approval).create();
    }

    private String approvedReason(String release) {
        return releases.condition(release, "Approved").map(c -> c.getReason()).orElse("");
    }

    private String reason(String release) {
        return releases.condition(release, "Ready").map(c -> c.getReason()).orElse("");
    }
}

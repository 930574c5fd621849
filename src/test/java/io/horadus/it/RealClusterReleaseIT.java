package io.horadus.it;

import io.horadus.demo.SampleApp;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged operator with its production settings (one replica: no Lease) against Kubernetes v1.36's real CRD server: the
 * CRD as `kubectl apply -f crds/` installs it, objects judged by the real schema, status written through
 * the real status subresource, and no core API at all, so every Event the operator writes is refused.
 * The user drives it with kubectl only, as the README does.
 */
class RealClusterReleaseIT extends CrdServerHarness {

    @Test
    @DisplayName("kubectl apply of a release on a real API server: Ready, the documented columns, kubectl wait, and status kept by a later apply")
    void releaseThroughARealApiServer() throws Exception {
        var server = ((RealCluster) cluster).server();
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"), app.ok("v1.1.0"));
        var manifest = scratch.resolve("release.yaml");
        Files.writeString(manifest, manifest("real", "v1.0.0", git.url(), app));

        var created = server.kubectl("apply", "-f", manifest.toString());
        assertThat(created.succeeded()).as(created.toString()).isTrue();
        var waited = server.kubectl("wait", "hrel/real", "--for=condition=Ready", "--timeout=180s");
        assertThat(waited.succeeded()).as(waited + "\noperator log: " + operator.logTail()).isTrue();
        assertThat(HostProbe.get(app.ok("v1.0.0").healthUrl())).isEqualTo("ok v1.0.0");

        assertThat(columns(server.kubectlOrFail("get", "hrel", "real")))
                .containsExactly(List.of("NAME", "DESIRED", "CURRENT", "LAST GOOD", "PHASE", "READY", "AGE"),
                        List.of("real", "v1.0.0", "v1.0.0", "v1.0.0", "Ready", "True"));
        // The schema's defaults were filled in by the server, not by the operator.
        var spec = releases.get("real").getSpec();
        assertThat(spec.getSource().getBranch()).isEqualTo("main");
        assertThat(spec.getTarget().getDockerHost()).isEqualTo("unix:///var/run/docker.sock");
        assertThat(spec.getRollout().getUp()).containsExactly("api", "worker", "beat");

        // A user (or a GitOps tool) applies the same manifest again: the status subresource keeps the status.
        var statusBefore = releases.get("real").getStatus();
        var reapplied = server.kubectl("apply", "-f", manifest.toString());
        assertThat(reapplied.succeeded()).as(reapplied.toString()).isTrue();
        var after = releases.get("real");
        assertThat(after.getStatus().getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(after.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .isEqualTo(statusBefore.getConditions().stream().map(c -> c.getType() + "=" + c.getStatus()).toList());

        // An upgrade by changing the tag in the manifest, as a GitOps commit would.
        Files.writeString(manifest, manifest("real", "v1.1.0", git.url(), app));
        assertThat(server.kubectl("apply", "-f", manifest.toString()).succeeded()).isTrue();
        var upgraded = server.kubectl("wait", "hrel/real", "--for=jsonpath={.status.lastGoodTag}=v1.1.0", "--timeout=180s");
        assertThat(upgraded.succeeded()).as(upgraded + "\noperator log: " + operator.logTail()).isTrue();
        assertThat(server.kubectl("wait", "hrel/real", "--for=condition=Ready", "--timeout=60s").succeeded()).isTrue();
        assertThat(HostProbe.get(app.ok("v1.1.0").healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(columns(server.kubectlOrFail("get", "hrel", "real")).get(1))
                .containsExactly("real", "v1.1.0", "v1.1.0", "v1.1.0", "Ready", "True");
        assertThat(MigrationLog.runs(app.project())).hasSize(2);

        // This server has no core API: every Event was refused, and the release went on regardless.
        assertThat(operator.log()).contains("could not record event");
    }

    /** The release as a user writes it: only what differs from the defaults. */
    private static String manifest(String name, String tag, String repositoryUrl, App app) {
        var ok = app.ok(tag);
        return String.join("\n",
                "apiVersion: horadus.io/v1alpha1",
                "kind: HoradusRelease",
                "metadata:",
                "  name: " + name,
                "  namespace: " + Releases.NAMESPACE,
                "spec:",
                "  tag: " + tag,
                "  source:",
                "    url: " + repositoryUrl,
                "  target:",
                "    project: " + app.project(),
                "  verify:",
                "    healthUrl: " + ok.healthUrl(),
                "    metricsUrl: " + ok.metricsUrl(),
                "    intervalSeconds: 1",
                "    timeoutSeconds: 30",
                "    watchSeconds: 0",
                "");
    }

    /** kubectl's table, split on runs of two or more spaces; the AGE value is dropped (it changes). */
    private static List<List<String>> columns(String table) {
        var lines = table.strip().split("\n");
        var header = List.of(lines[0].trim().split(" {2,}"));
        var rows = new java.util.ArrayList<List<String>>();
        rows.add(header);
        for (int i = 1; i < lines.length; i++) {
            var cells = Arrays.asList(lines[i].trim().split(" {2,}"));
            rows.add(cells.subList(0, Math.min(cells.size(), header.size() - 1)));
        }
        return rows;
    }
}

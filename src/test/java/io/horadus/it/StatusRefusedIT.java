package io.horadus.it;

import io.horadus.api.Condition;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 17, tried as an on-call person would: the API server refused a status write (a CRD older than
 * the operator, whose schema lacks a phase), the log said only "Timeout of resource polling from cache"
 * and the release sat at its last phase with nothing saying why. On Kubernetes v1.36's real CRD server,
 * which judges status writes by the CRD's schema.
 */
class StatusRefusedIT extends CrdServerHarness {

    @Test
    @DisplayName("a status the CRD does not allow: StatusRefused naming the field, one WARN line with the server's words, release and tag; "
            + "nothing run twice, and Ready once the CRD is upgraded")
    void refusedStatusWrite() throws Exception {
        var server = ((RealCluster) cluster).server();
        var withoutMigrating = olderCrdWithoutPhase("Migrating");
        server.kubectlOrFail("apply", "-f", withoutMigrating.toString());
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"));

        releases.create("refused", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"));

        await().atMost(Duration.ofMinutes(3)).until(() -> reason("refused", "Ready").equals("StatusRefused"));
        var ready = releases.condition("refused", "Ready").orElseThrow();
        assertThat(ready.getStatus()).isEqualTo("Unknown");
        assertThat(ready.getMessage()).startsWith("the API server refused the status write of status.phase (HTTP 422)")
                .contains("status.phase").contains("Unsupported value: \"Migrating\"");
        assertThat(releases.condition("refused", "Reconciling").map(Condition::getReason)).hasValue("StatusRefused");
        var lines = operator.log().lines().filter(line -> line.contains("default/refused: StatusRefused: ")).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).contains(" WARN ").contains("status.phase")
                .contains("Unsupported value: \"Migrating\"").contains("(tag v1.0.0, attempt "));
        assertThat(operator.log()).doesNotContain("Timeout of resource polling from cache");
        // Replacing the CRD restarts the server's watch of its objects ("410 Gone"): the informer lists again.
        assertThat(operator.log()).doesNotContain("Received an error which is not a status");

        // The CRD upgraded, as `kubectl apply -f crds/` does: the next attempt writes Migrating and goes on.
        server.installCrd();
        await().atMost(Duration.ofMinutes(4)).until(() -> releases.readyAt("refused", "v1.0.0"));
        assertThat(HostProbe.get(app.ok("v1.0.0").healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(MigrationLog.runs(app.project())).as("the migration ran once across the refused attempts").hasSize(1);
    }

    /** The committed CRD without one value of status.phase's enum, as a CRD from before that phase was added. */
    private Path olderCrdWithoutPhase(String phase) throws Exception {
        var crd = Files.readString(Path.of("crds", "horadusreleases.horadus.io-v1.yml"));
        var entry = "                - \"" + phase + "\"\n";
        assertThat(crd).as("status.phase's enum in the committed CRD").containsOnlyOnce(entry);
        var older = scratch.resolve("older-crd.yml");
        Files.writeString(older, crd.replace(entry, ""));
        return older;
    }

    private String reason(String release, String type) {
        return releases.condition(release, type).map(Condition::getReason).orElse("");
    }
}

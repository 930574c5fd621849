package io.horadus.it;

import io.horadus.api.ReleaseOutcome;
import io.horadus.demo.SampleApp;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator, a real Docker engine, real compose and a real git repository: what a release driver
 * sees in status and on the host.
 */
class ReleaseLifecycleIT extends OperatorHarness {

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(3);

    @Test
    @DisplayName("fresh install of v1.0.0, then upgrade to v1.1.0: Ready each time, the new version answers, history has both")
    void freshInstallThenUpgrade() throws Exception {
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"), app.ok("v1.1.0"));

        releases.create("fresh", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"));
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("fresh", "v1.0.0"));

        assertThat(HostProbe.get(app.ok("v1.0.0").healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(HostProbe.running(app.project())).containsExactly(
                "api horadus-sample-api-" + app.port() + ":v1.0.0",
                "beat horadus-sample-worker-" + app.port() + ":v1.0.0",
                "worker horadus-sample-worker-" + app.port() + ":v1.0.0");
        var installed = releases.get("fresh").getStatus();
        assertThat(installed.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(installed.getLastGoodCommit()).isEqualTo(installed.getRelease().getCommit()).hasSize(40);
        assertThat(installed.getLastCommand().getArgv()).contains("up", "-d", "api", "worker", "beat");

        releases.setTag("fresh", "v1.1.0");
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("fresh", "v1.1.0"));

        assertThat(HostProbe.get(app.ok("v1.1.0").healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(HostProbe.get(app.ok("v1.1.0").metricsUrl())).contains("horadus_build_info{version=\"v1.1.0\"} 1");
        var upgraded = releases.get("fresh").getStatus();
        assertThat(upgraded.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(upgraded.getLastGoodTag()).isEqualTo("v1.1.0");
        assertThat(upgraded.getHistory()).extracting(h -> h.getTag() + " " + h.getOutcome())
                .containsExactly("v1.1.0 Succeeded", "v1.0.0 Succeeded");
        assertThat(MigrationLog.runs(app.project())).hasSize(2);
        assertThat(releases.condition("fresh", "Reconciling")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
        var events = cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems();
        assertThat(events).filteredOn(e -> e.getInvolvedObject().getName().equals("fresh"))
                .extracting(e -> e.getReason()).contains("ReleaseStarted", "BuildSucceeded", "MigrationSucceeded", "RolloutSucceeded", "Released");
    }

    @Test
    @DisplayName("missing, lightweight and off-branch tags stall with their reasons and run nothing on the host")
    void refusedTagsRunNothing() throws Exception {
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"));
        git.commit(SampleApp.files(app.ok("v2.0.0")), "unreleased work");
        git.lightweightTag("v2.0.0");
        git.commitOnSideBranch("experiment", SampleApp.files(app.ok("v3.0.0")), "side work");
        var sideCommit = git.commitOnSideBranch("experiment", SampleApp.files(app.ok("v3.0.0")), "more side work");
        git.annotatedTagAt("v3.0.0", sideCommit, "Release v3.0.0\n\nOff the release branch.");

        releases.create("missing", "v9.9.9", git.url(), app.project(), app.ok("v9.9.9"));
        releases.create("lightweight", "v2.0.0", git.url(), app.project(), app.ok("v2.0.0"));
        releases.create("off-branch", "v3.0.0", git.url(), app.project(), app.ok("v3.0.0"));

        await().atMost(RELEASE_TIMEOUT).until(() -> releases.stalled("missing") && releases.stalled("lightweight") && releases.stalled("off-branch"));

        assertThat(releases.condition("missing", "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("TagNotFound"));
        assertThat(releases.condition("lightweight", "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("TagNotAnnotated"));
        assertThat(releases.condition("off-branch", "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("TagNotOnBranch"));
        assertThat(releases.condition("off-branch", "SourceReady")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getMessage()).contains("v3.0.0");
        });
        assertThat(releases.get("missing").getStatus().getPhase().name()).isEqualTo("Failed");
        assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();
        assertThat(MigrationLog.runs(app.project())).isEmpty();
    }

    @Test
    @DisplayName("a release naming a missing Secret stalls with SecretInvalid, names the Secret, and runs nothing")
    void missingSecretRunsNothing() throws Exception {
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"));

        releases.create("no-secret", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"),
                spec -> spec.getSource().setSecretRef("horadus-git"));
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.stalled("no-secret"));

        assertThat(releases.condition("no-secret", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("SecretInvalid");
            assertThat(c.getMessage()).isEqualTo("Secret horadus-git not found in namespace default");
        });
        assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();
    }

    @Test
    @DisplayName("a failing build and then a failing migration stall the release while the previous version keeps serving")
    void failuresKeepThePreviousVersionServing() throws Exception {
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"), app.ok("v1.1.0").withBrokenBuild(), app.ok("v1.2.0").withFailingMigration());

        releases.create("failing", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"));
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("failing", "v1.0.0"));

        releases.setTag("failing", "v1.1.0");
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.stalled("failing"));
        assertThat(releases.condition("failing", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("BuildFailed");
        });
        var afterBuild = releases.get("failing").getStatus();
        assertThat(afterBuild.getLastCommand().getExitCode()).isNotZero();
        assertThat(String.join("\n", afterBuild.getLastCommand().getOutputTail())).contains("does-not-exist.txt");
        assertThat(afterBuild.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(HostProbe.get(app.ok("v1.0.0").healthUrl())).isEqualTo("ok v1.0.0");

        releases.setTag("failing", "v1.2.0");
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.stalled("failing")
                && "v1.2.0".equals(releases.get("failing").getStatus().getRelease().getTag()));
        assertThat(releases.condition("failing", "Ready")).hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("MigrationFailed"));
        assertThat(releases.condition("failing", "Migrated")).hasValueSatisfying(c -> assertThat(c.getMessage()).contains("exit code 3"));
        assertThat(HostProbe.get(app.ok("v1.0.0").healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(HostProbe.running(app.project())).allSatisfy(line -> assertThat(line).endsWith(":v1.0.0"));
        var status = releases.get("failing").getStatus();
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getHistory()).extracting(h -> h.getTag() + " " + h.getOutcome())
                .containsExactly("v1.2.0 " + ReleaseOutcome.Failed, "v1.1.0 " + ReleaseOutcome.Failed, "v1.0.0 " + ReleaseOutcome.Succeeded);
    }
}

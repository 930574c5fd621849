package io.horadus.it;

import io.horadus.api.AllowedFailureSpec;
import io.horadus.api.GateConditionSpec;
import io.horadus.api.GateOutcome;
import io.horadus.api.GateRecord;
import io.horadus.api.GateSpec;
import io.horadus.api.Phase;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.release.port.GateRun;
import io.horadus.testing.Commands;
import io.horadus.testing.MigrationLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runbook's pre-release checklist on a real Docker engine and real git: gates in one-off containers
 * with the candidate's checkout copied in, what a release driver and a reviewer see of them in status
 * and Events, and what they leave on the host (nothing).
 */
class GatesIT extends OperatorHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    @DisplayName("gates run against the candidate's checkout before the build: their results, exit codes and output are in status and Events")
    void passingGates() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);

        releases.create("gates-pass", "v1.0.0", git.url(), app.project(), v100, spec -> spec.setGates(gates(
                gate("check", "cat", SampleApp.COMPOSE_FILE),
                gate("test", "sh", "-c", "echo collected 3 items; echo 3 passed; test ! -e .git && test \"$HORADUS_TAG\" = v1.0.0"))));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-pass", "v1.0.0"));

        var records = gateRecords("gates-pass");
        assertThat(records).extracting(GateRecord::getName, GateRecord::getResult, GateRecord::getExitCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("check", GateOutcome.Passed, 0),
                        org.assertj.core.groups.Tuple.tuple("test", GateOutcome.Passed, 0));
        assertThat(records.get(0).getOutput()).contains("services:");
        assertThat(records.get(1).getOutput()).isEqualTo("collected 3 items\n3 passed\n");
        assertThat(records).allSatisfy(r -> assertThat(r.getDurationMillis()).isPositive());
        assertThat(releases.condition("gates-pass", "GatesPassed")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getMessage()).isEqualTo("passed: check, test");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventReasons("gates-pass"))
                .contains("GateStarted", "GatePassed", "GatesPassed"));
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertNoGateContainers();
    }

    @Test
    @DisplayName("a failing gate stops the release before the build: Stalled GateFailed, nothing built, the old version still answers")
    void failingGateStopsTheRelease() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var v110 = app.ok("v1.1.0");
        var git = repositoryWith(v100, v110);
        releases.create("gates-fail", "v1.0.0", git.url(), app.project(), v100);
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-fail", "v1.0.0"));
        var migrations = MigrationLog.runs(app.project()).size();

        releases.edit("gates-fail", spec -> {
            spec.setTag("v1.1.0");
            spec.setGates(gates(gate("test", "sh", "-c", "echo collected 12 items; echo FAILED tests/test_api.py::test_health; exit 3"),
                    gate("never", "true")));
        });
        await().atMost(TIMEOUT).until(() -> releases.stalled("gates-fail"));

        assertThat(releases.condition("gates-fail", "Stalled")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("GateFailed");
            assertThat(c.getMessage()).isEqualTo("gate test exited with code 3: FAILED tests/test_api.py::test_health");
        });
        var status = releases.get("gates-fail").getStatus();
        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(gateRecords("gates-fail")).singleElement().satisfies(r -> {
            assertThat(r.getResult()).isEqualTo(GateOutcome.Failed);
            assertThat(r.getExitCode()).isEqualTo(3);
            assertThat(r.getOutput()).contains("collected 12 items").contains("FAILED tests/test_api.py::test_health");
        });
        assertThat(Commands.run(List.of("docker", "image", "inspect", v110.apiImage("v1.1.0"))).succeeded()).as("v1.1.0 was not built").isFalse();
        assertThat(MigrationLog.runs(app.project())).hasSize(migrations);
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(eventReasons("gates-fail")).contains("GateFailed"));
        assertNoGateContainers();
    }

    @Test
    @DisplayName("fail closed: a gate past its timeout is killed and fails; a gate whose image is not on the host fails; nothing is left behind")
    void timeoutAndMissingImage() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        var slow = gate("slow", "sleep", "60");
        slow.setTimeoutSeconds(2);
        releases.create("gates-timeout", "v1.0.0", git.url(), app.project(), v100, spec -> spec.setGates(gates(slow)));
        var missing = new GateSpec("check", "horadus-no-such-image:ci", List.of("make", "check"));
        releases.create("gates-no-image", "v1.0.0", git.url(), app.project() + "b", v100, spec -> spec.setGates(gates(missing)));

        await().atMost(TIMEOUT).until(() -> releases.stalled("gates-timeout") && releases.stalled("gates-no-image"));

        assertThat(releases.condition("gates-timeout", "Stalled")).hasValueSatisfying(c ->
                assertThat(c.getMessage()).isEqualTo("gate slow timed out after 2 s and was killed"));
        assertThat(gateRecords("gates-timeout").get(0).getDurationMillis()).isBetween(2_000L, 30_000L);
        assertThat(releases.condition("gates-no-image", "Stalled")).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("GateFailed");
            assertThat(c.getMessage()).startsWith("gate check could not run: ").contains("horadus-no-such-image:ci");
        });
        assertThat(HostProbe.running(app.project())).isEmpty();
        assertNoGateContainers();
    }

    @Test
    @DisplayName("audit-eval runs on the first release, is Skipped when no prompt changed, and runs when a prompt did")
    void pathCondition() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        var audit = gate("audit-eval", "sh", "-c", "ls ai/prompts");
        audit.setWhen(new GateConditionSpec(List.of("ai/prompts/**", "src/horadus/models/**")));
        git.commit(Map.of("ai/prompts/triage.md", "You triage.\n"), "prompt");
        git.annotatedTag("v1.0.1", "Release v1.0.1\n\nFirst prompt.");
        releases.create("gates-paths", "v1.0.1", git.url(), app.project(), v100, spec -> spec.setGates(gates(gate("check", "true"), audit)));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-paths", "v1.0.1"));
        assertThat(gateRecords("gates-paths")).extracting(GateRecord::getResult).containsExactly(GateOutcome.Passed, GateOutcome.Passed);

        git.commit(Map.of("README.md", "docs only\n"), "docs");
        git.annotatedTag("v1.0.2", "Release v1.0.2\n\nDocs.");
        releases.setTag("gates-paths", "v1.0.2");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-paths", "v1.0.2"));
        assertThat(gateRecords("gates-paths").get(1)).satisfies(r -> {
            assertThat(r.getResult()).isEqualTo(GateOutcome.Skipped);
            assertThat(r.getMessage()).startsWith("no file matching ai/prompts/**, src/horadus/models/** changed since v1.0.1");
            assertThat(r.getExitCode()).isNull();
        });

        git.commit(Map.of("ai/prompts/triage.md", "You triage, carefully.\n"), "prompt change");
        git.annotatedTag("v1.0.3", "Release v1.0.3\n\nBetter prompt.");
        releases.setTag("gates-paths", "v1.0.3");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-paths", "v1.0.3"));
        assertThat(gateRecords("gates-paths").get(1)).satisfies(r -> {
            assertThat(r.getResult()).isEqualTo(GateOutcome.Passed);
            assertThat(r.getOutput()).isEqualTo("triage.md\n");
        });
    }

    @Test
    @DisplayName("a gate allowed to fail shows AllowedFailure with its reason and the release goes on")
    void allowedFailure() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        var lint = gate("lint", "sh", "-c", "echo E501 line too long; exit 1");
        lint.setAllowFailure(new AllowedFailureSpec("line length accepted until HOR-123 (reviewer: ana)"));
        releases.create("gates-allowed", "v1.0.0", git.url(), app.project(), v100, spec -> spec.setGates(gates(lint)));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-allowed", "v1.0.0"));

        assertThat(gateRecords("gates-allowed")).singleElement().satisfies(r -> {
            assertThat(r.getResult()).isEqualTo(GateOutcome.AllowedFailure);
            assertThat(r.getExitCode()).isEqualTo(1);
            assertThat(r.getMessage()).isEqualTo("exited with code 1; allowed to fail: line length accepted until HOR-123 (reviewer: ana)");
        });
        assertThat(releases.condition("gates-allowed", "GatesPassed")).hasValueSatisfying(c ->
                assertThat(c.getMessage()).isEqualTo("no gate ran; failed but allowed to: lint"));
    }

    @Test
    @DisplayName("a gate reads its Secret as environment variables; the values appear nowhere: not in status, Events or the operator's log")
    void gateSecret() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        var sentinel = "gate-sentinel-" + java.util.UUID.randomUUID();
        secret("gate-env", Map.of("RELEASE_GATE_DATABASE_URL", "postgres://gate:" + sentinel + "@db/horadus"));
        var upgrade = gate("db-upgrade", "sh", "-c", "echo using $RELEASE_GATE_DATABASE_URL; case \"$RELEASE_GATE_DATABASE_URL\" in *" + sentinel.substring(0, 20) + "*) exit 0;; esac; exit 9");
        upgrade.setEnvSecretRef("gate-env");
        releases.create("gates-secret", "v1.0.0", git.url(), app.project(), v100, spec -> spec.setGates(gates(upgrade)));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-secret", "v1.0.0"));

        assertThat(gateRecords("gates-secret")).singleElement().satisfies(r -> {
            assertThat(r.getResult()).isEqualTo(GateOutcome.Passed);
            assertThat(r.getOutput()).isEqualTo("using ***\n");
        });
        SecretLeaks.assertNowhere(cluster, operator, List.of(sentinel));
    }

    @Test
    @DisplayName("shell metacharacters in a gate's command are literal arguments: nothing else runs")
    void shellMetacharacters() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        var marker = scratch.resolve("pwned-" + java.util.UUID.randomUUID());
        var literal = List.of("echo", "a; touch " + marker, "$(touch " + marker + ")", "`touch " + marker + "`", "&&", "id", "|", "sh");
        releases.create("gates-argv", "v1.0.0", git.url(), app.project(), v100,
                spec -> spec.setGates(gates(new GateSpec("echo", BaseImage.NAME, literal))));
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-argv", "v1.0.0"));

        assertThat(gateRecords("gates-argv")).singleElement().satisfies(r ->
                assertThat(r.getOutput()).isEqualTo(String.join(" ", literal.subList(1, literal.size())) + "\n"));
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    @DisplayName("the operator killed while a gate runs: the restarted one finishes the gate (its recorded container looked at again; one whose start was not recorded is replaced and run again) and leaves nothing behind")
    void killedDuringGate() throws Exception {
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        releases.create("gates-kill", "v1.0.0", git.url(), app.project(), v100,
                spec -> spec.setGates(gates(gate("test", "sh", "-c", "sleep 4; echo done"))));
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> gateContainers().size() == 1);
        Thread.sleep(500);
        operator.kill();
        assertThat(gateContainers()).as("the gate's container outlives the operator").hasSize(1);
        var restarted = Instant.now();

        operator.start();
        await().atMost(TIMEOUT).until(() -> releases.readyAt("gates-kill", "v1.0.0"));

        assertThat(gateRecords("gates-kill")).singleElement().satisfies(r -> {
            assertThat(r.getResult()).isEqualTo(GateOutcome.Passed);
            assertThat(r.getOutput()).isEqualTo("done\n");
            assertThat(r.getDurationMillis()).isGreaterThanOrEqualTo(4_000L);
            assertThat(Instant.parse(r.getFinishedAt())).isAfter(restarted);
        });
        assertNoGateContainers();
    }

    private static List<GateSpec> gates(GateSpec... gates) {
        return new ArrayList<>(List.of(gates));
    }

    private static GateSpec gate(String name, String... command) {
        return new GateSpec(name, BaseImage.NAME, List.of(command));
    }

    private List<GateRecord> gateRecords(String release) {
        return releases.get(release).getStatus().getRelease().getGates();
    }

    private List<String> eventReasons(String release) {
        return cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems().stream()
                .filter(e -> e.getInvolvedObject().getName().equals(release)).map(e -> e.getReason()).toList();
    }

    private static List<String> gateContainers() {
        var ps = Commands.run(List.of("docker", "ps", "-a", "-q", "--filter", "label=" + GateRun.LABEL));
        assertThat(ps.succeeded()).as("%s", ps).isTrue();
        return ps.output().lines().filter(line -> !line.isBlank()).toList();
    }

    private static void assertNoGateContainers() {
        assertThat(gateContainers()).as("gate containers left on the host").isEmpty();
    }
}

package io.horadus.release;

import io.horadus.api.AllowedFailureSpec;
import io.horadus.api.Condition;
import io.horadus.api.GateBuildSpec;
import io.horadus.api.GateConditionSpec;
import io.horadus.api.GateOutcome;
import io.horadus.api.GateSpec;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.Approvals;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.ProjectSecrets;
import io.horadus.release.port.SecretSets;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pre-release checklist as a release driver and a reviewer see it: what ran, in which order, and what it said. */
class GatesTest {

    private final Fakes.Host host = new Fakes.Host();
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110").tag("v1.2.0", "c120");
    private final Fakes.Checks checks = new Fakes.Checks();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<ReleaseEvent> events = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private Fakes.Rounds rounds;
    private ReleaseEngine engine;
    private HoradusReleaseSpec spec;
    private HoradusReleaseStatus status;
    private SecretSets gateSecrets = SecretSets.NONE;
    private Approvals approvals = new Approvals.Found(List.of());
    private long generation = 1;

    @BeforeEach
    void setUp() {
        host.clock = clock;
        rounds = new Fakes.Rounds(host, checks, clock);
        engine = Fakes.engine(host, source, checks, clock, rounds, new Fakes.Reviewers(() -> approvals));
        spec = ReleaseEngineTest.spec("v1.0.0");
        spec.setGates(new ArrayList<>(List.of(gate("check", "make", "check"), gate("test", "make", "test"))));
        status = new HoradusReleaseStatus();
    }

    @Test
    @DisplayName("gates run in order after the source and before the build, in phase Gating, and their results stay in status")
    void passingGates() {
        host.beforeEachCall = () -> seen.add(status.getPhase() + " " + gates());
        settle();

        assertThat(host.calls).containsExactly("gate check v1.0.0", "gate test v1.0.0", "build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(seen).startsWith("Gating [check Running]", "Gating [check Passed, test Running]");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(condition("GatesPassed")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "GatesPassed", "passed: check, test");
        assertThat(status.getRelease().getGates()).allSatisfy(record -> {
            assertThat(record.getResult()).isEqualTo(GateOutcome.Passed);
            assertThat(record.getExitCode()).isZero();
            assertThat(record.getDurationMillis()).isEqualTo(250L);
            assertThat(record.getOutput()).isEqualTo("ok\n");
            assertThat(record.getStartedAt()).isNotNull();
            assertThat(record.getFinishedAt()).isNotNull();
        });
        assertThat(events).extracting(ReleaseEvent::reason).containsSubsequence("GateStarted", "GatePassed", "GateStarted", "GatePassed", "GatesPassed", "Released");
        assertThat(events).filteredOn(e -> e.reason().equals("GateStarted")).first()
                .extracting(ReleaseEvent::message).isEqualTo("gate check of v1.0.0 started: make check");
    }

    @Test
    @DisplayName("a failing gate stops the release before the build: Stalled GateFailed naming it, later gates not run, the old version still current")
    void failingGateStopsBeforeBuild() {
        spec.setGates(new ArrayList<>(List.of(gate("check", "make", "check"), gate("test", "make", "test"), gate("lint", "make", "lint"))));
        settle();
        changeTag("v1.1.0");
        host.gateResults.put("test", new GateResult.Exited(2, "collected 12 items\nFAILED tests/test_api.py::test_health\n", Duration.ofSeconds(3)));
        settle();

        assertThat(host.calls).endsWith("up v1.0.0", "gate check v1.1.0", "gate test v1.1.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(host.running).isEqualTo("v1.0.0");
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "GateFailed", "gate test exited with code 2: FAILED tests/test_api.py::test_health");
        assertThat(condition("GatesPassed")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "GateFailed");
        assertThat(condition("Ready").getStatus()).isEqualTo("False");
        assertThat(gates()).isEqualTo("[check Passed, test Failed]");
        var failed = status.getRelease().getGates().get(1);
        assertThat(failed.getExitCode()).isEqualTo(2);
        assertThat(failed.getOutput()).contains("collected 12 items");
        assertThat(events).filteredOn(e -> e.reason().equals("GateFailed")).first().satisfies(event -> {
            assertThat(event.type()).isEqualTo(ReleaseEvent.Type.Warning);
            assertThat(event.message()).isEqualTo("gate test of v1.1.0 exited with code 2: FAILED tests/test_api.py::test_health");
        });
    }

    @Test
    @DisplayName("a timeout, a missing image and an engine error each fail the gate: fail closed")
    void failClosed() {
        host.gateResults.put("check", new GateResult.Exited(0, "still working\n", Duration.ofHours(1)));
        spec.getGates().get(0).setTimeoutSeconds(5);
        settle();
        assertThat(condition("Stalled").getMessage()).isEqualTo("gate check timed out after 5 s and was killed: still working");
        assertThat(host.calls).containsExactly("gate check v1.0.0");
        assertThat(host.killedGates).hasSize(1);
        assertThat(status.getRelease().getGates().get(0).getDurationMillis()).isEqualTo(5_000L);

        host.gateResults.put("check", new GateResult.NotRun("image horadus-dev:ci is not on the Docker host unix:///var/run/docker.sock", "",
                Duration.ofMillis(20)));
        retry();
        assertThat(condition("Stalled").getMessage()).isEqualTo("gate check could not run: image horadus-dev:ci is not on the Docker host unix:///var/run/docker.sock");

        host.gateResults.remove("check");
        host.engineDown = true;
        retry();
        assertThat(condition("Stalled")).extracting(Condition::getReason, Condition::getMessage)
                .containsExactly("GateFailed", "gate check could not run: cannot reach the Docker engine");
        assertThat(host.calls).containsOnly("gate check v1.0.0");
    }

    @Test
    @DisplayName("a gate allowed to fail shows AllowedFailure with its written reason, never Passed, and the release goes on")
    void allowedFailure() {
        spec.getGates().get(0).setAllowFailure(new AllowedFailureSpec("flake8 warnings accepted until HOR-123, by the reviewer"));
        host.gateResults.put("check", new GateResult.Exited(1, "E501 line too long\n", Duration.ofSeconds(1)));
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        var check = status.getRelease().getGates().get(0);
        assertThat(check.getResult()).isEqualTo(GateOutcome.AllowedFailure);
        assertThat(check.getExitCode()).isEqualTo(1);
        assertThat(check.getMessage()).isEqualTo("exited with code 1; allowed to fail: flake8 warnings accepted until HOR-123, by the reviewer");
        assertThat(condition("GatesPassed").getMessage()).isEqualTo("passed: test; failed but allowed to: check");
        assertThat(events).filteredOn(e -> e.reason().equals("GateAllowedFailure")).singleElement()
                .extracting(ReleaseEvent::type).isEqualTo(ReleaseEvent.Type.Warning);
    }

    @Test
    @DisplayName("a gate with a path condition runs on a first release, is Skipped with why when no matching file changed, and runs when one did")
    void pathCondition() {
        spec.getGates().add(auditEval());
        settle();
        assertThat(host.calls).contains("gate audit-eval v1.0.0");

        source.changed("c100", "c110", "src/horadus/api.py", "README.md");
        changeTag("v1.1.0");
        settle();
        assertThat(host.calls).doesNotContain("gate audit-eval v1.1.0");
        var skipped = status.getRelease().getGates().get(2);
        assertThat(skipped.getResult()).isEqualTo(GateOutcome.Skipped);
        assertThat(skipped.getMessage()).isEqualTo("no file matching ai/prompts/**, src/horadus/models/** changed since v1.0.0 (c100); 2 other file(s) changed");
        assertThat(condition("GatesPassed").getMessage()).isEqualTo("passed: check, test; skipped (no matching change): audit-eval");

        source.changed("c110", "c120", "ai/prompts/triage/system.md");
        changeTag("v1.2.0");
        settle();
        assertThat(host.calls).contains("gate audit-eval v1.2.0");
    }

    @Test
    @DisplayName("when the last good commit is unknown to the repository every file counts as changed")
    void unknownBaseRunsTheGate() {
        spec.getGates().add(auditEval());
        settle();
        changeTag("v1.1.0");
        settle();

        assertThat(host.calls).contains("gate audit-eval v1.1.0");
    }

    @Test
    @DisplayName("the gate gets its Secret's variables, the tag and commit; the values are masked in status and events")
    void secretEnvironmentIsMasked() {
        spec.getGates().get(0).setEnvSecretRef("gate-env");
        gateSecrets = new SecretSets(Map.of("gate-env", Map.of("RELEASE_GATE_DATABASE_URL", "postgres://gate:s3cr3t-pw@db/horadus")));
        host.gateResults.put("check", new GateResult.Exited(3, "connecting to postgres://gate:s3cr3t-pw@db/horadus\nrefused\n", Duration.ofSeconds(1)));
        settle();

        var run = host.gateRuns.get(0);
        assertThat(run.env()).containsEntry("RELEASE_GATE_DATABASE_URL", "postgres://gate:s3cr3t-pw@db/horadus")
                .containsEntry("HORADUS_TAG", "v1.0.0").containsEntry("HORADUS_COMMIT", "c100").containsEntry("HORADUS_GATE", "check");
        assertThat(status.getRelease().getGates().get(0).getOutput()).isEqualTo("connecting to ***\nrefused\n");
        assertThat(Json.of(status)).doesNotContain("s3cr3t-pw");
        assertThat(events).allSatisfy(event -> assertThat(event.message()).doesNotContain("s3cr3t-pw"));
    }

    @Test
    @DisplayName("the runner gets argv as written, the network of the compose project, the image built per Dockerfile and stage, a run name per attempt")
    void whatTheRunnerGets() {
        var test = spec.getGates().get(1);
        test.setImage(null);
        test.setBuild(new GateBuildSpec("docker/Dockerfile", "dev"));
        test.setNetwork("default");
        test.setCommand(List.of("echo", "a; touch /tmp/x", "$(id)", "`id`"));
        settle();

        var check = host.gateRuns.get(0);
        assertThat(check.image()).isEqualTo(new GateImage.Declared("horadus-dev:ci"));
        assertThat(check.network()).isEmpty();
        assertThat(check.workingDir()).isEqualTo("/src");
        var run = host.gateRuns.get(1);
        assertThat(run.command()).containsExactly("echo", "a; touch /tmp/x", "$(id)", "`id`");
        assertThat(run.network()).contains("horadus_default");
        assertThat(run.image()).isInstanceOfSatisfying(GateImage.Built.class, built -> {
            assertThat(built.dockerfile()).isEqualTo("docker/Dockerfile");
            assertThat(built.stage()).contains("dev");
            assertThat(built.tag()).startsWith("horadus-gate/horadus:dev-");
        });
        assertThat(run.runName()).startsWith("horadus-gate-test-v1.0.0-1-");
    }

    @Test
    @DisplayName("an operator killed between a gate's start and its record runs it again on restart (same run name, the leftover replaced), once, and goes on")
    void killedDuringGate() {
        var killed = new boolean[]{false};
        host.beforeEachCall = () -> {
            if (!killed[0] && status.getRelease().getGates().size() == 2) {
                killed[0] = true;
                throw new IllegalStateException("operator killed");
            }
        };
        assertThatThrownBy(this::settle).hasMessage("operator killed");
        assertThat(gates()).isEqualTo("[check Passed, test Running]");

        engine = Fakes.engine(host, source, checks, clock, new Fakes.Rounds(host, checks, clock), new Fakes.Reviewers(() -> approvals));
        settle();

        assertThat(host.calls).containsExactly("gate check v1.0.0", "gate test v1.0.0", "gate test v1.0.0", "build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(host.gateRuns.get(1).runName()).isEqualTo(host.gateRuns.get(2).runName());
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("a restarted operator picks up a gate whose container it had recorded: looked at again, not run twice")
    void restartAdoptsARunningGate() {
        host.gateResults.put("test", new GateResult.Exited(0, "12 passed\n", Duration.ofMinutes(3)));
        for (int i = 0; i < 100 && runNameOf(1) == null; i++) {
            clock.advance(reconcileOnce().requeueAfter().orElse(Duration.ZERO));
        }
        clock.advance(Duration.ofMinutes(1));

        engine = Fakes.engine(host, source, checks, clock, new Fakes.Rounds(host, checks, clock), new Fakes.Reviewers(() -> approvals));
        settle();

        assertThat(host.calls).containsExactly("gate check v1.0.0", "gate test v1.0.0", "build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(status.getRelease().getGates().get(1).getOutput()).isEqualTo("12 passed\n");
        assertThat(host.gateContainers).isEmpty();
    }

    @Test
    @DisplayName("no reconcile waits for a gate: a new tag while one runs kills and removes its container and starts the new release at once")
    void newTagWhileAGateRuns() {
        host.gateResults.put("test", new GateResult.Exited(0, "", Duration.ofMinutes(30)));
        for (int i = 0; i < 100 && runNameOf(1) == null; i++) {
            clock.advance(reconcileOnce().requeueAfter().orElse(Duration.ZERO));
        }
        var running = status.getRelease().getGates().get(1).getRunName();
        clock.advance(Duration.ofSeconds(20));
        reconcileOnce();
        assertThat(status.getPhase()).isEqualTo(Phase.Gating);

        host.gateResults.remove("test");
        changeTag("v1.1.0");
        reconcileOnce();

        assertThat(host.killedGates).containsExactly(running);
        assertThat(host.gateContainers).doesNotContainKey(running);
        assertThat(status.getRelease().getTag()).isEqualTo("v1.1.0");
        assertThat(status.getHistory()).first().satisfies(h -> assertThat(h.getOutcome()).isEqualTo(io.horadus.api.ReleaseOutcome.Superseded));
        settle();
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
    }

    @Test
    @DisplayName("a gate's container removed by someone is run again; an engine that does not answer while a gate runs is retried, never a failed gate")
    void vanishedContainerAndEngineOutage() {
        host.gateResults.put("check", new GateResult.Exited(0, "ok\n", Duration.ofSeconds(10)));
        for (int i = 0; i < 100 && runNameOf(0) == null; i++) {
            clock.advance(reconcileOnce().requeueAfter().orElse(Duration.ZERO));
        }
        host.engineDown = true;
        assertThatThrownBy(this::reconcileOnce).isInstanceOf(HostUnavailableException.class);
        assertThat(gates()).isEqualTo("[check Running]");
        host.engineDown = false;

        host.gateContainers.clear();
        settle();

        assertThat(host.calls).startsWith("gate check v1.0.0", "gate check v1.0.0", "gate test v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("bad gates are refused before anything runs: InvalidSpec")
    void invalidGates() {
        spec.getGates().get(0).setBuild(new GateBuildSpec("Dockerfile", null));
        spec.getGates().get(1).setAllowFailure(new AllowedFailureSpec("  "));
        spec.getGates().add(auditEval());
        spec.getGates().get(2).setWhen(new GateConditionSpec(List.of("ai/prompts/[x")));
        settle();

        assertThat(host.calls).isEmpty();
        assertThat(condition("Stalled")).extracting(Condition::getReason).isEqualTo("InvalidSpec");
        assertThat(condition("Stalled").getMessage()).contains("spec.gates[check] needs exactly one of image and build",
                "spec.gates[test].allowFailure needs a written reason", "spec.gates[audit-eval].when.changed 'ai/prompts/[x' is not a glob");
    }

    @Test
    @DisplayName("without gates the step costs no reconcile and no status write, and GatesPassed says there were none")
    void noGates() {
        spec.setGates(new ArrayList<>());
        settle();

        assertThat(condition("GatesPassed")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "NoGates");
        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
    }

    @Test
    @DisplayName("the reviewer comes after the gates: a release that requires approval runs its gates, then waits, and builds only once approved")
    void gatesBeforeApproval() {
        spec.setApproval(new io.horadus.api.ApprovalSpec());
        spec.getApproval().setRequired(io.horadus.api.ApprovalRequirement.Always);
        approvals = new Approvals.Found(List.of());
        for (int i = 0; i < 100 && status.getPhase() != Phase.AwaitingApproval; i++) {
            clock.advance(reconcileOnce().requeueAfter().orElse(Duration.ZERO));
        }

        assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(host.calls).containsExactly("gate check v1.0.0", "gate test v1.0.0");
        assertThat(condition("GatesPassed").getStatus()).isEqualTo("True");

        approvals = new Approvals.Found(List.of(new Approval("horadus-v1.0.0", "v1.0.0", "c100", "ana", clock.instant())));
        settle();
        assertThat(host.calls).containsExactly("gate check v1.0.0", "gate test v1.0.0", "build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    private static GateSpec gate(String name, String... command) {
        return new GateSpec(name, "horadus-dev:ci", List.of(command));
    }

    private static GateSpec auditEval() {
        var gate = gate("audit-eval", "make", "audit-eval");
        gate.setWhen(new GateConditionSpec(List.of("ai/prompts/**", "src/horadus/models/**")));
        return gate;
    }

    /** The container name recorded for the index-th gate, once its container started. */
    private String runNameOf(int index) {
        var release = status.getRelease();
        return release == null || release.getGates().size() <= index ? null : release.getGates().get(index).getRunName();
    }

    private String gates() {
        return status.getRelease().getGates().stream().map(r -> r.getName() + " " + r.getResult()).toList().toString();
    }

    private void settle() {
        Fakes.settle(this::reconcileOnce, clock);
    }

    private Outcome reconcileOnce() {
        var outcome = engine.reconcile(request(), status, written -> { });
        events.addAll(outcome.events());
        return rounds.recorded(request().key(), outcome);
    }

    private void changeTag(String tag) {
        spec.setTag(tag);
        generation++;
    }

    private void retry() {
        generation++;
        settle();
    }

    private ReleaseRequest request() {
        return new ReleaseRequest("ns/app", generation, spec, GitCredentials.NONE, null, ProjectSecrets.NONE, ProbeSecrets.NONE,
                gateSecrets, null);
    }

    private Condition condition(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
    }

}

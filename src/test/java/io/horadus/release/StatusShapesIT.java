package io.horadus.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.horadus.api.CommandRecord;
import io.horadus.api.Condition;
import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.compose.ProcessCommandRunner;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.SourceRefusal;
import io.horadus.testing.MovableClock;
import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status the engine writes is accepted by a real Kubernetes v1.36 API server through the status
 * subresource and reads back unchanged: nothing pruned, no string altered. The statuses are produced by
 * running the real engine (with the in-memory fakes) through the scenarios a release driver meets, so
 * this keeps judging the engine's output when the engine changes; the ugly command output comes from a
 * real process through the operator's own output bounding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatusShapesIT {

    private static final String NAMESPACE = "status-shapes";
    private static final ResourceDefinitionContext RELEASES = new ResourceDefinitionContext.Builder()
            .withGroup("horadus.io").withVersion("v1alpha1").withPlural("horadusreleases")
            .withKind("HoradusRelease").withNamespaced(true).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2^53 + 1: the first integer a float64-based JSON reader would change. */
    private static final long BEYOND_FLOAT_PRECISION = 9_007_199_254_740_993L;

    private RealApiServer server;
    private KubernetesClient client;
    private final Set<String> reasonsWritten = new TreeSet<>();
    private final Set<String> phasesWritten = new TreeSet<>();
    private int writes;
    private int releaseNumber;
    private long started;

    @BeforeAll
    void startServer() {
        started = System.nanoTime();
        server = RealApiServer.start(RealApiServer.Kind.CRD_V1_36,
                Path.of("target", "kube-real", "StatusShapesIT-" + UUID.randomUUID().toString().substring(0, 8)));
        server.installCrd();
        client = server.adminClient();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        System.out.printf("%nStatusShapesIT: %d status writes accepted and read back unchanged in %d ms (server start and stop included)%n"
                        + "  phases: %s%n  condition and history reasons: %s%n",
                writes, (System.nanoTime() - started) / 1_000_000, phasesWritten, reasonsWritten);
    }

    @Test
    @Order(1)
    void aFreshInstallAndUpgradesEndReadyWithEveryPassingReason() {
        var run = new Scenario("v1.0.0");
        run.settle();
        run.changeTag("v1.1.0");
        run.spec.getRollout().setBuild(List.of());
        run.spec.getRollout().getMigration().setEnabled(false);
        run.settle();

        assertThat(run.status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(run.status.getLastGoodTag()).isEqualTo("v1.1.0");
    }

    @Test
    @Order(2)
    void aBuildFailingWithUglyOutputIsRecordedAsTheProcessPrintedIt() {
        var run = new Scenario("v1.0.0");
        run.host.results.put("build v1.0.0", uglyBuild());
        run.settle();

        assertThat(run.status.getPhase()).isEqualTo(Phase.Failed);
        var tail = run.status.getLastCommand().getOutputTail();
        // Blank lines are left out of the tail: kube-apiserver v1.20 refuses an empty string in a status list (LeaseLostIT).
        assertThat(tail).hasSize(20).noneMatch(String::isBlank).anySatisfy(line -> assertThat(line).contains("\u001b[31m"));
        assertThat(tail).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(200));
    }

    @Test
    @Order(3)
    void failedMigrationsRolloutsAndVerificationsStallWithTheirReasons() {
        var migration = new Scenario("v1.0.0");
        migration.host.exitCodes.put("migrate v1.0.0", 1);
        migration.settle();

        var rollout = new Scenario("v1.0.0");
        rollout.host.exitCodes.put("up v1.0.0", 1);
        rollout.settle();

        var verification = new Scenario("v1.0.0");
        verification.checks.answer(false);
        verification.settle();

        assertThat(List.of(migration, rollout, verification)).extracting(s -> s.condition("Stalled"))
                .containsExactly("MigrationFailed", "RolloutFailed", "VerificationFailed");
    }

    @Test
    @Order(4)
    void aMigrationStillRunningAfterARestartIsWaitedFor() {
        var run = new Scenario("v1.0.0");
        for (int i = 0; i < 10 && (run.status.getRelease() == null || run.status.getRelease().getStep() != Step.Migrate); i++) {
            run.reconcileOnce();
        }
        var release = run.status.getRelease();
        release.setStepState(StepState.Started);
        release.setStepStartedAt(Timestamps.format(run.clock.instant()));
        release.setMigrationRun("horadus-migrate-v1.0.0-1-earlier");
        run.host.migrationRuns.put("horadus-migrate-v1.0.0-1-earlier", new MigrationRun.Running());
        run.reconcileOnce();
        assertThat(run.condition("Migrated")).isEqualTo("MigrationRunning");

        run.host.migrationRuns.put("horadus-migrate-v1.0.0-1-earlier", new MigrationRun.Exited(0));
        run.settle();
        assertThat(run.status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @Order(5)
    void everySourceRefusalStallsWithItsOwnReason() {
        for (var refusal : SourceRefusal.values()) {
            var run = new Scenario("v2.0.0");
            run.source.refuse("v2.0.0", refusal);
            run.settle();
            assertThat(run.condition("SourceReady")).isEqualTo(refusal.name());
        }
    }

    @Test
    @Order(6)
    void historyAtItsBoundHoldsEveryOutcome() {
        var run = new Scenario("v3.0.0");
        run.settle();
        for (int minor = 1; minor <= 12; minor++) {
            var tag = "v3." + minor + ".0";
            run.source.tag(tag, "c3" + minor);
            if (minor % 3 == 1) {
                run.host.exitCodes.put("build " + tag, 2);
            }
            run.changeTag(tag);
            if (minor % 3 == 2) {
                run.reconcileOnce();
                run.reconcileOnce();
                continue; // superseded by the next tag mid-release
            }
            run.settle();
        }

        assertThat(run.status.getHistory()).hasSize(StatusRecords.HISTORY_LIMIT);
        assertThat(run.status.getHistory()).extracting(HistoryEntry::getOutcome)
                .contains(ReleaseOutcome.Succeeded, ReleaseOutcome.Failed, ReleaseOutcome.Superseded);
    }

    @Test
    @Order(7)
    void suspendedInvalidAndAdapterStatusesAreAccepted() {
        var suspended = new Scenario("v1.0.0");
        suspended.spec.setSuspend(true);
        suspended.settle();

        var invalid = new Scenario("1.0");
        invalid.spec.getTarget().setComposeFiles(List.of("../../etc/compose.yml"));
        invalid.settle();

        // What the adapter writes around the engine: a Secret it cannot use, and a transient error.
        var adapter = new Scenario("v1.0.0");
        StatusSummary.record(new Conditions(adapter.status, adapter.generation, adapter.clock.instant()),
                new Standing.Failed(Reason.SecretInvalid, "Secret git-credentials has neither key 'token' nor key 'identity'"));
        adapter.write(adapter.status);
        var conditions = new Conditions(adapter.status, adapter.generation, adapter.clock.instant());
        StatusSummary.record(conditions, new Standing.Retrying(Reason.RetryingAfterError, "connection refused: unix:///var/run/docker.sock"));
        adapter.write(adapter.status);

        assertThat(suspended.condition("Reconciling")).isEqualTo("Suspended");
        assertThat(invalid.condition("Stalled")).isEqualTo("InvalidSpec");
    }

    /** The watch, a rollback and its incident, a failed rollback, a first release that stays failed, an engine outage. */
    @Test
    @Order(9)
    void watchAndRollbackStatusesAreAccepted() {
        var rolledBack = new Scenario("v1.0.0");
        rolledBack.settle();
        rolledBack.changeTag("v1.1.0");
        rolledBack.checks.answer(true, false, false, false, true);
        rolledBack.settle();
        rolledBack.rounds(3);
        rolledBack.settle();
        assertThat(rolledBack.status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(rolledBack.status.getRollback().getFailedChecks()).isNotEmpty();
        assertThat(rolledBack.status.getGoodReleases().get(0).getImages()).isNotEmpty();

        var flapping = new Scenario("v1.0.0");
        flapping.settle();
        flapping.checks.answer(false, true);
        flapping.rounds(2);
        assertThat(flapping.status.getWatch().getFailedRounds()).isEqualTo(1);

        var failedRollback = new Scenario("v1.0.0");
        failedRollback.settle();
        failedRollback.host.exitCodes.put("restore v1.0.0", 1);
        failedRollback.changeTag("v1.1.0");
        failedRollback.checks.answer(true, false);
        failedRollback.settle();
        failedRollback.rounds(3);
        failedRollback.settle();
        assertThat(failedRollback.condition("Stalled")).isEqualTo("RollbackFailed");

        var firstRelease = new Scenario("v1.0.0");
        firstRelease.settle();
        firstRelease.checks.answer(false);
        firstRelease.rounds(3);
        assertThat(firstRelease.condition("Stalled")).isEqualTo("HealthFailed");

        var outage = new Scenario("v1.0.0");
        outage.settle();
        var conditions = new Conditions(outage.status, outage.generation, outage.clock.instant());
        StatusSummary.record(conditions, new Standing.Retrying(Reason.HostUnreachable, "Docker engine at unix:///var/run/docker.sock did not answer: ConnectException"));
        outage.status.setRetryToken("2026-11-25T12:40:00Z");
        outage.write(outage.status);
    }

    /** Values the Java types can hold but the engine does not write yet (reserved phases): the CRD's enums must take them. */
    @Test
    @Order(8)
    void everyEnumValueOfTheStatusTypesIsAccepted() {
        var run = new Scenario("v1.0.0");
        for (var phase : Phase.values()) {
            run.status.setPhase(phase);
            run.write(run.status);
        }
        for (var step : Step.values()) {
            for (var state : StepState.values()) {
                var release = new ReleaseProgress();
                release.setTag("v1.0.0");
                release.setStep(step);
                release.setStepState(state);
                release.setAttempt(Integer.MAX_VALUE);
                release.setGeneration(BEYOND_FLOAT_PRECISION);
                run.status.setRelease(release);
                var command = new CommandRecord();
                command.setStep(step);
                command.setExitCode(-1);
                command.setDurationMillis(Long.MAX_VALUE);
                run.status.setLastCommand(command);
                run.write(run.status);
            }
        }
        for (var source : io.horadus.api.NotesSource.values()) {
            run.status.getRelease().setNotes(new io.horadus.api.ReleaseNotes(source, "CHANGELOG.md", "- notes"));
            run.write(run.status);
        }
        run.status.setHistory(new ArrayList<>());
        for (var outcome : ReleaseOutcome.values()) {
            var entry = new HistoryEntry();
            entry.setTag("v1.0.0");
            entry.setOutcome(outcome);
            run.status.getHistory().add(entry);
        }
        run.status.setObservedGeneration(Long.MAX_VALUE);
        run.write(run.status);

        assertThat(phasesWritten).hasSize(Phase.values().length);
    }

    @Test
    @Order(7)
    void releaseNotesAndRefusedVersionsAreRecorded() throws Exception {
        var checkout = java.nio.file.Files.createTempDirectory(Path.of("target"), "notes");
        java.nio.file.Files.writeString(checkout.resolve("CHANGELOG.md"), "## [1.1.0]\n" + "- a change with “quotes” and ✓\n".repeat(200));
        var run = new Scenario("v1.1.0");
        run.source.tag("v1.1.0", "c110", "Release v1.1.0", checkout);
        run.spec.getReleaseNotes().setChangelog("CHANGELOG.md");
        run.settle();
        assertThat(run.status.getRelease().getNotes().getText()).hasSizeLessThanOrEqualTo(2048).contains("more characters in CHANGELOG.md");

        run.changeTag("v1.0.0");
        run.settle();
        assertThat(run.condition("Stalled")).isEqualTo("DowngradeRefused");

        var missing = new Scenario("v3.0.0");
        missing.source.tag("v3.0.0", "c300", "Release v3.0.0", checkout);
        missing.settle();
        assertThat(missing.condition("Stalled")).isEqualTo("ReleaseNotesMissing");
    }

    /** Every gate outcome, the longest output a gate keeps (with what real tools print) and the failure that stalls the release. */
    @Test
    @Order(9)
    void gatesOfEveryOutcomeAreRecorded() {
        var run = new Scenario("v1.0.0");
        var ugly = uglyBuild();
        var output = String.join("\n", ugly.outputTail());
        output = output.repeat(GateResult.OUTPUT_MAX / output.length() + 1).substring(0, GateResult.OUTPUT_MAX);
        var allowed = new io.horadus.api.GateSpec("lint", "horadus-dev:ci", List.of("make", "lint"));
        allowed.setAllowFailure(new io.horadus.api.AllowedFailureSpec("accepted until HOR-123 — “the reviewer”"));
        var audit = new io.horadus.api.GateSpec("audit-eval", "horadus-dev:ci", List.of("make", "audit-eval"));
        audit.setWhen(new io.horadus.api.GateConditionSpec(List.of("ai/prompts/**")));
        run.spec.setGates(new ArrayList<>(List.of(new io.horadus.api.GateSpec("check", "horadus-dev:ci", List.of("make", "check")),
                allowed, audit, new io.horadus.api.GateSpec("test", "horadus-dev:ci", List.of("make", "test")))));
        run.host.gateResults.put("check", new GateResult.Exited(0, output, Duration.ofMinutes(2).plusMillis(999)));
        allowed.setTimeoutSeconds(60);
        run.host.gateResults.put("lint", new GateResult.Exited(0, output, Duration.ofHours(2)));
        run.settle();
        assertThat(run.condition("GatesPassed")).isEqualTo("GatesPassed");

        run.source.changed("c100", "c110", "README.md");
        run.host.gateResults.put("test", new GateResult.NotRun("image horadus-dev:ci is not on the Docker host", "", Duration.ZERO));
        run.changeTag("v1.1.0");
        run.settle();
        assertThat(run.condition("Stalled")).isEqualTo("GateFailed");
        assertThat(run.status.getRelease().getGates()).extracting(r -> r.getResult().name())
                .containsExactly("Passed", "AllowedFailure", "Skipped", "Failed");
    }

    /** The reasons the code uses (grep 'StepResult', 'Conditions', 'SourceRefusal' and the adapter): each reached the server. */
    @Test
    @Order(100)
    void everyReasonTheCodeUsesWasWritten() {
        assertThat(reasonsWritten).containsAll(List.of(
                "TagNotFound", "TagNotAnnotated", "TagNotOnBranch", "TagMoved", "BranchNotFound", "DirtyTree",
                "BuildFailed", "MigrationFailed", "RolloutFailed", "VerificationFailed", "InvalidSpec", "SecretInvalid",
                "Released", "TagResolved", "BuildSucceeded", "NothingToBuild", "MigrationSucceeded", "MigrationDisabled",
                "RolloutSucceeded", "Verified", "MigrationRunning", "Verifying", "Suspended", "RetryingAfterError",
                "Superseded", "Resolving", "Building", "Migrating", "RollingOut",
                "CheckFailing", "HealthFailed", "RollingBack", "RolledBack", "RollbackFailed", "HostUnreachable",
                "DowngradeRefused", "ReleaseNotesMissing", "GatesPassed", "GateFailed", "GateRunning", "NoGates", "Gating"));
    }

    /**
     * A build that prints what real builds print: more lines than the tail keeps, blank lines, lines far
     * longer than 200 characters, a 4-byte character straddling the 200th, ANSI colours, control
     * characters, carriage-return progress and a byte that is not UTF-8.
     */
    private static CommandResult uglyBuild() {
        var script = String.join("; ",
                "i=1; while [ $i -le 25 ]; do echo \"#$i [api] building layer $i\"; i=$((i+1)); done",
                "echo", "echo '   '",
                "printf '%0500d\\n' 7",
                "printf '%0199d\\360\\237\\230\\200 after the emoji\\n' 0",
                "printf 'Ünïcødé ✓ 日本語 — “quotes” ‘single’\\n'",
                "printf '\\033[31merror\\033[0m: failed to solve: \\033[1mprocess \"/bin/sh -c make\"\\033[0m did not complete\\n'",
                "printf 'bell\\007 backspace\\010 nul\\000 del\\177 vt\\013 ff\\014 esc\\033 end\\n'",
                "printf 'progress 10%%\\rprogress 100%%\\n'",
                "printf 'not utf-8: \\377\\376\\n'",
                "echo",
                "printf 'no newline at the end'",
                "exit 17");
        var runner = new ProcessCommandRunner(Duration.ofSeconds(30), Map.of("PATH", "/usr/bin:/bin"));
        var result = runner.run(List.of("/bin/busybox", "sh", "-c", script), Path.of("."), ProcessCommandRunner.Environment.NONE);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(17);
        return result;
    }

    /** One release object on the server and the engine driving its status, every write sent and read back. */
    private final class Scenario implements StatusWriter {
        final Fakes.Host host = new Fakes.Host();
        final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110").tag("v3.0.0", "c300");
        final Fakes.Checks checks = new Fakes.Checks();
        final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
        final HoradusReleaseSpec spec;
        final HoradusReleaseStatus status = new HoradusReleaseStatus();
        final Fakes.Rounds rounds;
        final ReleaseEngine engine;
        final String name = "release-" + (++releaseNumber);
        long generation = BEYOND_FLOAT_PRECISION;
        private HoradusRelease current;

        Scenario(String tag) {
            spec = ReleaseEngineTest.spec(tag);
            host.clock = clock;
            rounds = new Fakes.Rounds(host, checks, clock);
            engine = Fakes.engine(host, source, checks, clock, rounds);
            var release = new HoradusRelease();
            release.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
            release.setSpec(ReleaseEngineTest.spec("v1.0.0"));
            current = client.resource(release).create();
        }

        void settle() {
            Fakes.settle(this::reconcileOnce, clock);
        }

        Outcome reconcileOnce() {
            var outcome = engine.reconcile(new ReleaseRequest(key(), generation, spec, GitCredentials.NONE, null), status, this);
            write(outcome.status());
            return rounds.recorded(key(), outcome);
        }

        String key() {
            return NAMESPACE + "/" + name;
        }

        /** Check rounds of a watched release, one interval apart. */
        void rounds(int count) {
            for (int i = 0; i < count; i++) {
                clock.advance(java.time.Duration.ofSeconds(spec.getVerify().getIntervalSeconds()));
                if (rounds.runDue(key())) {
                    reconcileOnce();
                }
            }
        }

        void changeTag(String tag) {
            spec.setTag(tag);
            generation++;
        }

        String condition(String type) {
            return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow().getReason();
        }

        /** Like the operator: the status as JSON, put through the status subresource (PUT), then read back raw. */
        @Override
        public void write(HoradusReleaseStatus written) {
            var serialization = client.getKubernetesSerialization();
            var json = serialization.asJson(written);
            current.setStatus(serialization.unmarshal(json, HoradusReleaseStatus.class));
            current = client.resource(current).updateStatus();
            var stored = client.genericKubernetesResources(RELEASES).inNamespace(NAMESPACE).withName(name).get();

            JsonNode sent = readTree(json);
            JsonNode readBack = JSON.valueToTree(stored.getAdditionalProperties().get("status"));
            assertThat(readBack).as("status read back from the server vs the status written").isEqualTo(sent);
            writes++;
            phasesWritten.add(String.valueOf(written.getPhase()));
            written.getConditions().stream().map(Condition::getReason).filter(Objects::nonNull).forEach(reasonsWritten::add);
            written.getHistory().stream().map(HistoryEntry::getReason).filter(Objects::nonNull).forEach(reasonsWritten::add);
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

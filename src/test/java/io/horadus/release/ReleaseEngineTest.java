package io.horadus.release;

import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.NotesSource;
import io.horadus.api.Phase;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.SourceSpec;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.api.TargetSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.SourceRefusal;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine's transitions, as scenarios a release driver would recognise. */
class ReleaseEngineTest {

    private final Fakes.Host host = new Fakes.Host();
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110").tag("v1.2.0", "c120");
    private final Fakes.Checks checks = new Fakes.Checks();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<String> intents = new ArrayList<>();
    private final List<ReleaseEvent> events = new ArrayList<>();
    @TempDir
    Path checkout;
    private Fakes.Rounds rounds;
    private ReleaseEngine engine;
    private HoradusReleaseSpec spec;
    private HoradusReleaseStatus status;
    private long generation = 1;

    @BeforeEach
    void setUp() {
        rounds = new Fakes.Rounds(host, checks, clock);
        engine = Fakes.engine(host, source, checks, clock, rounds);
        spec = spec("v1.0.0");
        status = new HoradusReleaseStatus();
    }

    @Test
    @DisplayName("fresh install runs the runbook in order and ends Ready with v1.0.0 current and last good")
    void freshInstall() {
        settle();

        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getLastGoodCommit()).isEqualTo("c100");
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Released");
        assertThat(condition("Reconciling").getStatus()).isEqualTo("False");
        assertThat(condition("Stalled").getStatus()).isEqualTo("False");
        assertThat(List.of("SourceReady", "Built", "Migrated", "RolledOut", "Healthy"))
                .allSatisfy(type -> assertThat(condition(type).getStatus()).isEqualTo("True"));
        assertThat(status.getHistory()).singleElement().satisfies(entry -> {
            assertThat(entry.getTag()).isEqualTo("v1.0.0");
            assertThat(entry.getOutcome()).isEqualTo(ReleaseOutcome.Succeeded);
        });
        assertThat(status.getConditions()).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(1L));
    }

    @Test
    @DisplayName("upgrade keeps both releases in history, newest first")
    void upgrade() {
        settle();
        changeTag("v1.1.0");
        settle();

        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0", "build v1.1.0", "migrate v1.1.0", "up v1.1.0");
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.1.0");
        assertThat(status.getHistory()).extracting(h -> h.getTag()).containsExactly("v1.1.0", "v1.0.0");
        assertThat(status.getObservedGeneration()).isEqualTo(2L);
    }

    @Test
    @DisplayName("intent is recorded before each step touches the host")
    void intentBeforeSideEffects() {
        host.beforeEachCall = () -> intents.add("at call: " + status.getRelease().getStep() + " " + status.getRelease().getStepState());
        settle();

        assertThat(intents).containsSubsequence(
                "write: Resolve Started", "write: Build Started", "at call: Build Started",
                "write: Migrate Started", "at call: Migrate Started", "write: RollOut Started", "at call: RollOut Started");
    }

    @Test
    @DisplayName("one status write per step boundary: a repeatable step's intent rides on the previous result, the migration's gets its own, and its exit code one before its container goes")
    void oneWritePerStepBoundary() {
        host.beforeEachCall = () -> intents.add("at call: " + status.getRelease().getStep() + " " + status.getRelease().getStepState());
        settle();

        assertThat(intents).containsExactly(
                "write: Resolve Started",
                "write: Build Started", "at call: Build Started",
                "write: Migrate Pending", "write: Migrate Started", "at call: Migrate Started", "write: Migrate Started",
                "write: RollOut Started", "at call: RollOut Started",
                "write: Verify Started",
                "write: Done Pending");
    }

    @Test
    @DisplayName("a step whose intent was recorded at the previous boundary starts its clock when that step ended")
    void nextStepStartsWhenPreviousEnded() {
        host.beforeEachCall = () -> clock.advance(Duration.ofMinutes(3));
        stopAtStep(Step.Verify);

        assertThat(status.getRelease().getStepState()).isEqualTo(StepState.Started);
        assertThat(status.getRelease().getStepStartedAt()).isEqualTo(Timestamps.format(clock.instant()));
    }

    @Test
    @DisplayName("the first reconcile of a new tag reports Resolving before it fetches")
    void firstStatusBeforeFetch() {
        settle();
        changeTag("v1.1.0");
        intents.clear();
        var outcome = engine.reconcile(request(), status, s -> intents.add("write: " + s.getPhase() + " " + s.getDesiredTag()));

        assertThat(intents).first().isEqualTo("write: Resolving v1.1.0");
        assertThat(outcome.requeueAfter()).contains(Duration.ZERO);
    }

    @Test
    @DisplayName("a missing tag stalls with TagNotFound and runs nothing on the host")
    void missingTag() {
        spec.setTag("v9.9.9");
        settle();

        assertStalled("TagNotFound");
        assertThat(condition("SourceReady")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "TagNotFound");
        assertThat(host.calls).isEmpty();
        assertThat(status.getHistory()).singleElement().extracting(h -> h.getOutcome()).isEqualTo(ReleaseOutcome.Failed);
    }

    @Test
    @DisplayName("lightweight, off-branch and moved tags stall with their own reasons")
    void refusedTags() {
        for (var reason : List.of(SourceRefusal.TagNotAnnotated, SourceRefusal.TagNotOnBranch, SourceRefusal.TagMoved)) {
            host.calls.clear();
            status = new HoradusReleaseStatus();
            source.refuse("v2.0.0", reason);
            spec.setTag("v2.0.0");
            settle();
            assertStalled(reason.name());
            assertThat(host.calls).isEmpty();
        }
    }

    @Test
    @DisplayName("a failed stall is not retried until the spec changes, then the next attempt starts")
    void failureWaitsForSpecChange() {
        spec.setTag("v9.9.9");
        settle();
        var resolves = source.resolves;
        settle();
        assertThat(source.resolves).isEqualTo(resolves);

        source.tag("v9.9.9", "c999");
        generation++;
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getRelease().getAttempt()).isEqualTo(2);
    }

    @Test
    @DisplayName("a failed build stops before migrate and up: the previous version keeps serving")
    void failedBuild() {
        settle();
        host.exitCodes.put("build v1.1.0", 2);
        changeTag("v1.1.0");
        settle();

        assertStalled("BuildFailed");
        assertThat(host.calls).endsWith("up v1.0.0", "build v1.1.0");
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getLastCommand().getExitCode()).isEqualTo(2);
        assertThat(status.getLastCommand().getOutputTail()).contains("boom");
        assertThat(condition("Built").getMessage()).contains("exit code 2").contains("boom");
    }

    @Test
    @DisplayName("a failed migration stops before up")
    void failedMigration() {
        settle();
        host.exitCodes.put("migrate v1.1.0", 1);
        changeTag("v1.1.0");
        settle();

        assertStalled("MigrationFailed");
        assertThat(host.calls).endsWith("up v1.0.0", "build v1.1.0", "migrate v1.1.0");
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
    }

    @Test
    @DisplayName("after a restart in Migrate, a run the host saw finish is not run again")
    void restartAfterMigrationFinished() {
        stopAtStep(Step.Migrate);
        host.migrationRuns.put(startMigrationLikeAnEarlierProcess(), new MigrationRun.Exited(0));
        settle();

        assertThat(host.calls).containsExactly("build v1.0.0", "up v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("after a restart in Migrate, a run still going is waited for, never started twice")
    void restartWhileMigrationRuns() {
        stopAtStep(Step.Migrate);
        var run = startMigrationLikeAnEarlierProcess();
        host.migrationRuns.put(run, new MigrationRun.Running());

        var outcome = engine.reconcile(request(), status, s -> { });
        assertThat(outcome.requeueAfter()).contains(Duration.ofSeconds(1));
        assertThat(status.getPhase()).isEqualTo(Phase.Migrating);
        assertThat(condition("Migrated").getReason()).isEqualTo("MigrationRunning");

        host.migrationRuns.put(run, new MigrationRun.Exited(0));
        settle();
        assertThat(host.calls).containsExactly("build v1.0.0", "up v1.0.0");
    }

    @Test
    @DisplayName("after a restart in Migrate, a run that left no trace on the host is run")
    void restartBeforeMigrationStarted() {
        stopAtStep(Step.Migrate);
        startMigrationLikeAnEarlierProcess();
        settle();

        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
    }

    @Test
    @DisplayName("the migration's exit code is in status before its run container is removed (the runbook's --rm, in two reconciles)")
    void migrationExitCodeRecordedBeforeContainerRemoved() {
        stopAtStep(Step.Migrate);
        reconcileOnce();

        var run = status.getRelease().getMigrationRun();
        assertThat(status.getRelease().getStep()).isEqualTo(Step.Migrate);
        assertThat(status.getRelease().getMigrationExitCode()).isZero();
        assertThat(status.getLastCommand().getStep()).isEqualTo(Step.Migrate);
        assertThat(host.migrationRuns).containsEntry(run, new MigrationRun.Exited(0));
        assertThat(host.removedRuns).isEmpty();

        reconcileOnce();
        assertThat(host.removedRuns).containsExactly(run);
        assertThat(host.migrationRuns).doesNotContainKey(run);
        assertThat(condition("Migrated")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "MigrationSucceeded");
        assertThat(status.getRelease().getStep()).isEqualTo(Step.RollOut);
        settle();
        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
    }

    @Test
    @DisplayName("a failed migration keeps its output in status although its container is removed")
    void failedMigrationOutputOutlivesItsContainer() {
        host.exitCodes.put("migrate v1.0.0", 2);
        settle();

        assertStalled("MigrationFailed");
        assertThat(condition("Migrated").getMessage()).contains("failed with exit code 2: boom");
        assertThat(status.getLastCommand().getExitCode()).isEqualTo(2);
        assertThat(status.getLastCommand().getOutputTail()).contains("boom");
        assertThat(host.removedRuns).containsExactly(status.getRelease().getMigrationRun());
        assertThat(host.migrationRuns).isEmpty();
    }

    @Test
    @DisplayName("the status write after a run is lost: the exited container still tells, the migration is not run twice")
    void lostWriteAfterRunDoesNotRunTwice() {
        stopAtStep(Step.Migrate);
        reconcileOnce();
        // As if that write failed (a conflict, the operator killed): the next reconcile sees the
        // status of before the run, with the step started and no exit code.
        status.getRelease().setMigrationExitCode(null);
        status.setLastCommand(null);
        settle();

        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(host.migrationRuns).isEmpty();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("after a restart in Migrate, a run container that was created but never started is removed and the run made")
    void createdRunContainerIsRemovedAndRun() {
        stopAtStep(Step.Migrate);
        var run = startMigrationLikeAnEarlierProcess();
        host.migrationRuns.put(run, new MigrationRun.Created());
        settle();

        assertThat(host.removedRuns).containsExactly(run, run);
        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("a run the engine created but could not start fails the release with compose's output, and is removed")
    void runThatNeverStartedFails() {
        host.exitCodes.put("migrate v1.0.0", 1);
        host.runLeaves = new MigrationRun.Created();
        settle();

        assertStalled("MigrationFailed");
        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0");
        assertThat(host.migrationRuns).isEmpty();
    }

    @Test
    @DisplayName("exited run containers of earlier attempts are removed when the next migration begins")
    void leftoverRunContainersAreRemoved() {
        host.migrationRuns.put("horadus-migrate-v0.9.0-1-old", new MigrationRun.Exited(0));
        host.migrationRuns.put("horadus-migrate-v0.9.1-1-going", new MigrationRun.Running());
        settle();

        assertThat(host.removedRuns).startsWith("horadus-migrate-v0.9.0-1-old");
        assertThat(host.migrationRuns).containsOnlyKeys("horadus-migrate-v0.9.1-1-going");
    }

    @Test
    @DisplayName("a commit gone from the remote before the migration is a refusal: Stalled CommitGone, nothing runs, not retried")
    void commitGoneBeforeMigrationStalls() {
        settle();
        changeTag("v1.1.0");
        stopAtStep(Step.Migrate);
        source.goneCommits.add("c110");
        settle();

        assertStalled("CommitGone");
        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0", "build v1.1.0");
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
    }

    @Test
    @DisplayName("after a restart in Migrate, a run the host saw fail fails the release")
    void restartAfterMigrationFailed() {
        stopAtStep(Step.Migrate);
        host.migrationRuns.put(startMigrationLikeAnEarlierProcess(), new MigrationRun.Exited(3));
        settle();

        assertStalled("MigrationFailed");
        assertThat(host.calls).containsExactly("build v1.0.0");
    }

    @Test
    @DisplayName("a new tag during a rollout takes effect at the next step boundary")
    void newTagAtStepBoundary() {
        settle();
        changeTag("v1.1.0");
        reconcileOnce(); // resolve v1.1.0
        reconcileOnce(); // build v1.1.0
        changeTag("v1.2.0");
        settle();

        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0",
                "build v1.1.0", "build v1.2.0", "migrate v1.2.0", "up v1.2.0");
        assertThat(status.getHistory()).extracting(h -> h.getTag() + " " + h.getOutcome())
                .containsExactly("v1.2.0 Succeeded", "v1.1.0 Superseded", "v1.0.0 Succeeded");
    }

    @Test
    @DisplayName("a new tag never interrupts a migration the host is still running")
    void newTagWaitsForRunningMigration() {
        stopAtStep(Step.Migrate);
        var run = startMigrationLikeAnEarlierProcess();
        host.migrationRuns.put(run, new MigrationRun.Running());
        changeTag("v1.1.0");

        reconcileOnce();
        assertThat(status.getRelease().getTag()).isEqualTo("v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Migrating);

        host.migrationRuns.put(run, new MigrationRun.Exited(0));
        settle();
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(host.calls).doesNotContain("migrate v1.0.0");
    }

    @Test
    @DisplayName("suspend stops all action and keeps reporting")
    void suspend() {
        settle();
        spec.setSuspend(true);
        changeTag("v1.1.0");
        settle();

        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Suspended);
        assertThat(status.getDesiredTag()).isEqualTo("v1.1.0");
        assertThat(condition("Reconciling")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "Suspended");

        spec.setSuspend(false);
        generation++;
        settle();
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
    }

    @Test
    @DisplayName("verification retries within the timeout and passes when the service comes up")
    void verificationRecovers() {
        checks.answer(false, false, true);
        settle();

        assertThat(checks.attempts).isEqualTo(3);
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("verification tries again every 100 ms just after the rollout, then every intervalSeconds")
    void verificationSchedule() {
        checks.answer(false);
        spec.getVerify().setTimeoutSeconds(60);
        stopAtStep(Step.Verify);

        assertThat(reconcileOnce().requeueAfter()).contains(Duration.ofMillis(100));
        clock.advance(Duration.ofSeconds(11));
        assertThat(reconcileOnce().requeueAfter()).contains(Duration.ofSeconds(2));
        assertThat(status.getPhase()).isEqualTo(Phase.Verifying);
        assertThat(condition("Healthy")).extracting(Condition::getStatus, Condition::getMessage).containsExactly("Unknown", "health: HTTP 503");
    }

    @Test
    @DisplayName("verification failing past the timeout ends Ready=False and Stalled with VerificationFailed")
    void verificationFails() {
        checks.answer(false);
        settle();

        assertStalled("VerificationFailed");
        assertThat(condition("Healthy").getMessage()).contains("health: HTTP 503");
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getLastGoodTag()).isNull();
    }

    @Test
    @DisplayName("bad input stalls with InvalidSpec and executes nothing")
    void invalidSpec() {
        spec.getTarget().setComposeFiles(List.of("../../etc/compose.yml"));
        spec.setTag("1.0");
        settle();

        assertStalled("InvalidSpec");
        assertThat(condition("Ready").getMessage()).contains("spec.tag '1.0'").contains("../../etc/compose.yml");
        assertThat(source.resolves).isZero();
        assertThat(host.calls).isEmpty();
    }

    @Test
    @DisplayName("a tag released before is checked against the commit recorded for it")
    void recordedCommitPassedToSource() {
        settle();
        changeTag("v1.1.0");
        settle();
        spec.getVersionPolicy().setAllowDowngrade(true);
        changeTag("v1.0.0");
        settle();

        assertThat(source.recordedCommits).containsExactly(Optional.empty(), Optional.empty(), Optional.of("c100"));
    }

    @Test
    @DisplayName("release notes from the annotated tag's body are shown in status and published in an Event")
    void notesFromTheTagBody() {
        source.tag("v1.0.0", "c100", "Release v1.0.0\n\nLogin works again.\n- migration adds users.email", checkout);
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        var notes = status.getRelease().getNotes();
        assertThat(notes.getSource()).isEqualTo(NotesSource.Tag);
        assertThat(notes.getText()).isEqualTo("Login works again.\n- migration adds users.email");
        assertThat(condition("SourceReady").getMessage()).endsWith("release notes from the tag's message");
        assertThat(events).filteredOn(e -> e.reason().equals("ReleaseNotes")).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ReleaseEvent.Type.Normal);
            assertThat(e.message()).isEqualTo("v1.0.0 release notes:\nLogin works again.\n- migration adds users.email");
        });
    }

    @Test
    @DisplayName("a tag with only a subject takes its notes from the changelog's section for the version")
    void notesFromTheChangelog() throws Exception {
        Files.writeString(checkout.resolve("CHANGELOG.md"), """
                # Changelog

                ## [1.0.0] - 2026-11-24
                ### Fixed
                - Login works again.

                ## [0.9.0] - 2026-11-01
                - Older.
                """);
        source.tag("v1.0.0", "c100", "Release v1.0.0", checkout);
        spec.getReleaseNotes().setChangelog("CHANGELOG.md");
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        var notes = status.getRelease().getNotes();
        assertThat(notes.getSource()).isEqualTo(NotesSource.Changelog);
        assertThat(notes.getPath()).isEqualTo("CHANGELOG.md");
        assertThat(notes.getText()).isEqualTo("### Fixed\n- Login works again.");
    }

    @Test
    @DisplayName("a tag without notes stalls with ReleaseNotesMissing, runs nothing on the host and records no commit for the tag")
    void notesMissing() {
        source.tag("v1.0.0", "c100", "Release v1.0.0", checkout);
        spec.getReleaseNotes().setChangelog("CHANGELOG.md");
        settle();

        assertStalled("ReleaseNotesMissing");
        assertThat(condition("SourceReady")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "ReleaseNotesMissing");
        assertThat(condition("Stalled").getMessage()).contains("v1.0.0 (commit c100) has no release notes")
                .contains("no message body after its subject line").contains("CHANGELOG.md is not a file in the checkout");
        assertThat(host.calls).isEmpty();
        assertThat(status.getCurrentTag()).isNull();
        assertThat(status.getHistory()).singleElement().satisfies(entry -> {
            assertThat(entry.getReason()).isEqualTo("ReleaseNotesMissing");
            assertThat(entry.getCommit()).isNull();
        });
        assertThat(events).filteredOn(e -> e.reason().equals("ReleaseNotesMissing"))
                .singleElement().extracting(ReleaseEvent::type).isEqualTo(ReleaseEvent.Type.Warning);
    }

    @Test
    @DisplayName("with release notes not required, a tag without notes is released")
    void notesNotRequired() {
        source.tag("v1.0.0", "c100", "Release v1.0.0", checkout);
        spec.getReleaseNotes().setRequired(false);
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getRelease().getNotes()).isNull();
        assertThat(condition("SourceReady").getMessage()).endsWith("no release notes (not required)");
    }

    @Test
    @DisplayName("a downgrade is refused before anything is fetched, and the newer version stays current")
    void downgradeRefused() {
        changeTag("v1.1.0");
        settle();
        var resolves = source.resolves;
        var calls = List.copyOf(host.calls);
        changeTag("v1.0.0");
        settle();

        assertStalled("DowngradeRefused");
        assertThat(condition("SourceReady")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "DowngradeRefused");
        assertThat(condition("Stalled").getMessage()).isEqualTo("v1.0.0 is older than v1.1.0, which the host runs: a downgrade is refused"
                + " and v1.1.0 keeps serving. To go back on purpose, set spec.versionPolicy.allowDowngrade: true");
        assertThat(source.resolves).isEqualTo(resolves);
        assertThat(host.calls).isEqualTo(calls);
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.1.0");
    }

    @Test
    @DisplayName("a person goes back by hand: allowDowngrade with the older tag releases it")
    void downgradeAllowed() {
        changeTag("v1.1.0");
        settle();
        changeTag("v1.0.0");
        settle();
        spec.getVersionPolicy().setAllowDowngrade(true);
        generation++;
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(host.calls).endsWith("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
    }

    @Test
    @DisplayName("the tag the host runs, tried again after a failed verification, is a retry and not a downgrade")
    void sameTagIsARetry() {
        checks.answer(false);
        settle();
        assertStalled("VerificationFailed");
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");

        checks.answer(true);
        generation++;
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getRelease().getAttempt()).isEqualTo(2);
    }

    @Test
    @DisplayName("a condition keeps its lastTransitionTime while its status does not change")
    void lastTransitionTimeKept() {
        settle();
        var readySince = condition("Ready").getLastTransitionTime();
        clock.advance(Duration.ofMinutes(5));
        generation++;
        settle();

        assertThat(condition("Ready").getLastTransitionTime()).isEqualTo(readySince);
        assertThat(condition("Ready").getObservedGeneration()).isEqualTo(generation);
    }

    @Test
    @DisplayName("history keeps the newest ten releases")
    void historyBounded() {
        for (int minor = 0; minor < 12; minor++) {
            source.tag("v2." + minor + ".0", "c2" + minor);
            changeTag("v2." + minor + ".0");
            settle();
        }
        assertThat(status.getHistory()).hasSize(StatusRecords.HISTORY_LIMIT);
        assertThat(status.getHistory().get(0).getTag()).isEqualTo("v2.11.0");
    }

    // --- scenario helpers ---

    /** Reconciles, moving the clock as asked, until nothing is left to do but watch (or wait for a change). */
    private void settle() {
        Fakes.settle(this::reconcileOnce, clock);
    }

    /** One reconcile as the adapter runs it: intent writes during the step, then the outcome's status written. */
    private Outcome reconcileOnce() {
        var outcome = engine.reconcile(request(), status, this::recordWrite);
        recordWrite(outcome.status());
        events.addAll(outcome.events());
        return rounds.recorded(request().key(), outcome);
    }

    private void recordWrite(HoradusReleaseStatus written) {
        var release = written.getRelease();
        intents.add("write: " + (release == null ? written.getPhase() : release.getStep() + " " + release.getStepState()));
    }

    /** Runs the release until the given step is next, as if the operator then stopped. */
    private void stopAtStep(Step step) {
        for (int i = 0; i < 20 && !(status.getRelease() != null && status.getRelease().getStep() == step); i++) {
            reconcileOnce();
        }
        assertThat(status.getRelease().getStep()).isEqualTo(step);
    }

    /** What an earlier operator process left in status: the step started, the run named. */
    private String startMigrationLikeAnEarlierProcess() {
        var release = status.getRelease();
        release.setStepState(StepState.Started);
        release.setStepStartedAt(Timestamps.format(clock.instant()));
        release.setMigrationRun("earlier-run");
        return "earlier-run";
    }

    private void changeTag(String tag) {
        spec.setTag(tag);
        generation++;
    }

    private ReleaseRequest request() {
        return new ReleaseRequest("ns/app", generation, spec, GitCredentials.NONE, null);
    }

    private void assertStalled(String reason) {
        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", reason);
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", reason);
        assertThat(condition("Reconciling").getStatus()).isEqualTo("False");
    }

    private Condition condition(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
    }

    static HoradusReleaseSpec spec(String tag) {
        var spec = new HoradusReleaseSpec();
        spec.setTag(tag);
        var source = new SourceSpec();
        source.setUrl("https://git.example/horadus.git");
        spec.setSource(source);
        var target = new TargetSpec();
        target.setProject("horadus");
        spec.setTarget(target);
        var verify = new VerifySpec();
        verify.setHealthUrl("http://127.0.0.1:8000/health");
        verify.setTimeoutSeconds(10);
        verify.setIntervalSeconds(2);
        // Promoted to last good as soon as verified; the rollback scenarios set a window of their own.
        verify.setWatchSeconds(0);
        spec.setVerify(verify);
        return spec;
    }
}

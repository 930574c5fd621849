package io.horadus.release;

import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.RollbackState;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The watch after a release and the rollback to the last good release, as a person on call sees them
 * in status, conditions, events and the host calls. Health is scripted per round (Fakes.Checks).
 */
class RollbackTest {

    private static final int INTERVAL = 10;
    private static final int THRESHOLD = 3;
    private static final int WINDOW = 60;
    private static final String KEY = "ns/app";

    private final Fakes.Host host = new Fakes.Host();
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110").tag("v1.2.0", "c120");
    private final Fakes.Checks checks = new Fakes.Checks();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final List<ReleaseEvent> events = new ArrayList<>();
    /** The tag whose health fails whenever the host runs it (the restored version answers). */
    private String brokenTag;
    private final Verifier verifier = (release, verify, services, host, access) -> {
        var stopped = host.containers().stream().filter(c -> !c.running()).toList();
        if (!stopped.isEmpty()) {
            // As the real checks see a stopped app: its health URL refuses, its service state says why.
            var failed = new ArrayList<>(List.of(new VerificationReport.Check("health", false, "connection refused")));
            stopped.forEach(c -> failed.add(new VerificationReport.Check("service " + c.service(), false, c.state())));
            return new VerificationReport(failed);
        }
        return this.host.running != null && this.host.running.equals(brokenTag)
                ? new VerificationReport(List.of(new VerificationReport.Check("health", false, "HTTP 503")))
                : checks.verify(release, verify, services, host, access);
    };
    private Fakes.Rounds rounds = rounds();
    private HoradusReleaseSpec spec;
    private HoradusReleaseStatus status;
    private long generation = 1;
    private String retryToken;

    @BeforeEach
    void releaseV100AndWatchItsWindowThrough() {
        spec = ReleaseEngineTest.spec("v1.0.0");
        spec.getVerify().setIntervalSeconds(INTERVAL);
        spec.getVerify().setFailureThreshold(THRESHOLD);
        spec.getVerify().setWatchSeconds(WINDOW);
        status = new HoradusReleaseStatus();
        settle();
        watchRounds(WINDOW / INTERVAL + 1);
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        host.calls.clear();
        host.imageCalls.clear();
        events.clear();
    }

    @Test
    @DisplayName("health that breaks after an upgrade rolls back to the kept images of v1.0.0: no build, no migration, RolledBack with an incident")
    void healthBreaksAfterUpgrade() {
        upgradeTo("v1.1.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getLastGoodTag()).as("on probation during the watch window").isEqualTo("v1.0.0");

        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();

        assertThat(host.calls).containsExactly("build v1.1.0", "migrate v1.1.0", "up v1.1.0", "restore v1.0.0");
        assertThat(host.imageCalls).contains("tag sha-api-v1.0.0 horadus-api:latest", "tag sha-worker-v1.0.0 horadus-worker:latest");
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getDesiredTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "RolledBack");
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "RolledBack");
        assertThat(condition("RolledBack").getStatus()).isEqualTo("True");
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getToTag()).isEqualTo("v1.0.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(incident.getMigrated()).isTrue();
        assertThat(incident.getFailedChecks()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("health");
            assertThat(c.getDetail()).isEqualTo("HTTP 503");
            assertThat(c.getAt()).isNotBlank();
        });
        assertThat(status.getHistory().get(0)).satisfies(h -> {
            assertThat(h.getTag()).isEqualTo("v1.1.0");
            assertThat(h.getOutcome().name()).isEqualTo("RolledBack");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(ReleaseEvent.Type.Warning);
            assertThat(e.reason()).isEqualTo("RolledBack");
            assertThat(e.message()).contains("v1.1.0 rolled back to v1.0.0", "health: HTTP 503", "had migrated the database");
        });
    }

    @Test
    @DisplayName("detection takes failureThreshold rounds: the rollback starts on the third failed round, not before")
    void rollbackStartsAtTheThreshold() {
        upgradeTo("v1.1.0");
        checks.answer(false);
        watchRounds(THRESHOLD - 1);
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getWatch().getConsecutiveFailures()).isEqualTo(THRESHOLD - 1);
        assertThat(condition("Healthy")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "CheckFailing");

        watchRounds(1);
        assertThat(status.getPhase()).isEqualTo(Phase.RollingBack);
        assertThat(host.calls).doesNotContain("restore v1.0.0").as("the intent is written before the host is touched");
    }

    @Test
    @DisplayName("a failure that recovers before the threshold causes no rollback; the failed rounds stay visible")
    void flappingBelowThreshold() {
        upgradeTo("v1.1.0");
        checks.answer(false, false, true, false, true, true);
        watchRounds(6);

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(host.calls).doesNotContain("restore v1.0.0");
        assertThat(status.getWatch().getFailedRounds()).isEqualTo(3);
        assertThat(status.getWatch().getConsecutiveFailures()).isZero();
        assertThat(condition("Healthy").getStatus()).isEqualTo("True");
        assertThat(status.getRollback()).isNull();
    }

    @Test
    @DisplayName("a failure long after the watch window rolls back to the release before the current one")
    void failureLongAfterReady() {
        upgradeTo("v1.1.0");
        watchRounds(WINDOW / INTERVAL + 1);
        assertThat(status.getLastGoodTag()).isEqualTo("v1.1.0");
        clock.advance(Duration.ofDays(3));

        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getRollback().getFromTag()).isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).as("a release whose checks stay failed is no longer good").isEqualTo("v1.0.0");
        assertThat(status.getGoodReleases()).extracting(g -> g.getTag()).containsExactly("v1.0.0");
        assertThat(host.imageCalls).contains("untag horadus-api:horadus-v1.1.0");
    }

    @Test
    @DisplayName("a release that never passes verification is rolled back when there is a last good release")
    void verificationNeverPasses() {
        brokenTag = "v1.1.0";
        changeTag("v1.1.0");
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getRollback().getFailedChecks()).singleElement()
                .satisfies(c -> assertThat(c.getDetail()).contains("health: HTTP 503"));
        assertThat(host.calls).endsWith("restore v1.0.0");
    }

    @Test
    @DisplayName("when the kept images were pruned, the rollback rebuilds v1.0.0 from its checkout, then ups it; still no migration")
    void prunedSnapshotsRebuild() {
        host.prunedImages.add("sha-api-v1.0.0");
        upgradeTo("v1.1.0");
        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();

        assertThat(host.calls).containsExactly("build v1.1.0", "migrate v1.1.0", "up v1.1.0", "build v1.0.0", "up v1.0.0");
        assertThat(status.getRollback().getRestoredFrom()).isEqualTo("Rebuild");
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
    }

    @Test
    @DisplayName("a rollback that fails stalls with RollbackFailed and runs nothing more")
    void failingRollback() {
        host.exitCodes.put("restore v1.0.0", 1);
        upgradeTo("v1.1.0");
        checks.answer(false);
        watchRounds(THRESHOLD);
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "RollbackFailed");
        assertThat(condition("Ready").getMessage()).contains("putting v1.0.0 back failed with exit code 1");
        var calls = List.copyOf(host.calls);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMinutes(5));
            reconcileOnce();
        }
        assertThat(host.calls).isEqualTo(calls);
    }

    @Test
    @DisplayName("a last good commit gone from the remote ends the rollback RollbackFailed at once, without retries")
    void rollbackTargetCommitGone() {
        upgradeTo("v1.1.0");
        source.goneCommits.add("c100");
        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition("Stalled").getReason()).isEqualTo("RollbackFailed");
        assertThat(condition("Ready").getMessage()).contains("cannot check out v1.0.0", "commit c100 is gone");
        assertThat(host.calls).doesNotContain("restore v1.0.0", "up v1.0.0");
    }

    @Test
    @DisplayName("the rolled-back tag is not tried again when the same manifest is re-applied or the spec changes otherwise; a new tag is")
    void rolledBackTagIsNotRetried() {
        upgradeTo("v1.1.0");
        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();
        host.calls.clear();

        generation++; // e.g. a GitOps tool changed an unrelated field
        settle();
        assertThat(host.calls).isEmpty();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);

        changeTag("v1.2.0");
        settle();
        assertThat(host.calls).containsExactly("build v1.2.0", "migrate v1.2.0", "up v1.2.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getConditions()).noneMatch(c -> c.getType().equals("RolledBack"));
    }

    @Test
    @DisplayName("a person retries the rolled-back tag with a new value of the horadus.io/retry annotation, once per value")
    void retryAnnotation() {
        upgradeTo("v1.1.0");
        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        host.calls.clear();

        retryToken = "2026-11-25T12:40";
        settle();
        watchRounds(THRESHOLD);
        settle();
        assertThat(host.calls).containsExactly("build v1.1.0", "migrate v1.1.0", "up v1.1.0", "restore v1.0.0");
        assertThat(status.getRelease().getAttempt()).isEqualTo(2);
        assertThat(status.getRetryToken()).isEqualTo("2026-11-25T12:40");
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);

        host.calls.clear();
        watchRounds(5);
        assertThat(host.calls).as("the same annotation value is acted on once").isEmpty();
    }

    @Test
    @DisplayName("a failed migration points the image names back at what the running containers use, and rolls nothing back")
    void failedMigrationRestoresImageNames() {
        host.exitCodes.put("migrate v1.1.0", 3);
        changeTag("v1.1.0");
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition("Stalled").getReason()).isEqualTo("MigrationFailed");
        assertThat(host.imageCalls).containsExactlyInAnyOrder("tag sha-api-v1.0.0 horadus-api:latest",
                "tag sha-worker-v1.0.0 horadus-worker:latest", "tag sha-beat-v1.0.0 horadus-beat:latest");
        assertThat(host.calls).doesNotContain("restore v1.0.0");
    }

    @Test
    @DisplayName("drift while watching: a removed container is reported and started again from the release's images; no failed round counted")
    void driftIsReconverged() {
        upgradeTo("v1.1.0");
        host.calls.clear();
        host.imageCalls.clear();
        host.runningServices = List.of("api", "beat"); // a person removed the worker container

        watchRounds(1);

        assertThat(condition("Drifted")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "Reconverged", "service worker has no container");
        assertThat(host.calls).containsExactly("restore v1.1.0");
        assertThat(host.imageCalls).contains("tag sha-worker-v1.1.0 horadus-worker:latest");
        assertThat(status.getWatch().getFailedRounds()).isZero();
        assertThat(events).anySatisfy(e -> assertThat(e.reason()).isEqualTo("Drifted"));

        watchRounds(1);
        assertThat(condition("Drifted").getStatus()).isEqualTo("False");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("drift with onDrift Report: another version started by hand is reported, nothing is run")
    void driftIsReportedOnly() {
        spec.getVerify().setOnDrift(io.horadus.api.DriftPolicy.Report);
        upgradeTo("v1.1.0");
        host.calls.clear();
        host.running = "v0.9.0"; // a person ran compose up with another version

        watchRounds(2);

        assertThat(condition("Drifted")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Drifted");
        assertThat(condition("Drifted").getMessage()).contains("service api runs sha-api-v0.9.0 (horadus-api:latest), not the release's sha-api-v1.1.0");
        assertThat(host.calls).isEmpty();
        assertThat(events).filteredOn(e -> e.reason().equals("Drifted")).hasSize(1);
    }

    @Test
    @DisplayName("a first release whose health stays failed stalls with HealthFailed and nothing is removed")
    void firstReleaseHasNothingToReturnTo() {
        status = new HoradusReleaseStatus();
        host.calls.clear();
        settle();
        checks.answer(false);
        watchRounds(THRESHOLD);

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "HealthFailed");
        assertThat(condition("Ready").getMessage()).contains("no last good tag to return to; nothing was removed");
        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        assertThat(host.imageCalls).noneMatch(call -> call.startsWith("untag"));
    }

    @Test
    @DisplayName("the Docker engine not answering during the watch is a retried error, never a rollback")
    void engineOutageIsNotAFailure() {
        upgradeTo("v1.1.0");
        host.engineDown = true;
        clock.advance(Duration.ofSeconds(INTERVAL));
        assertThat(rounds.runDue(KEY)).as("the first round that cannot read the host asks for a reconcile").isTrue();
        for (int i = 0; i < THRESHOLD + 2; i++) {
            // The reconcile (and JOSDK's retries of it) fails as long as the rounds cannot read the host.
            assertThatThrownBy(this::reconcileOnce).isInstanceOf(HostUnavailableException.class);
            clock.advance(Duration.ofSeconds(INTERVAL));
            assertThat(rounds.runDue(KEY)).as("later rounds that cannot read it ask for nothing more").isFalse();
        }
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(host.calls).doesNotContain("restore v1.0.0");
        assertThat(status.getWatch().getFailedRounds()).isZero();

        host.engineDown = false;
        clock.advance(Duration.ofSeconds(INTERVAL));
        assertThat(rounds.runDue(KEY)).as("the first round that reads the host again asks for a reconcile").isTrue();
        reconcileOnce();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("the Docker engine restarted during the watch stopped v1.1.0's services: HostUnreachable while away, then"
            + " they are started again from v1.1.0's images, nothing is rolled back, Ready on v1.1.0")
    void engineRestartStopsTheServices() {
        upgradeTo("v1.1.0");
        host.calls.clear();
        host.imageCalls.clear();
        events.clear();

        engineAway();
        // Services without a restart policy stay stopped when the engine comes back.
        List.of("api", "worker", "beat").forEach(service -> host.stopped.put(service, "exited"));
        watchRounds(1);

        assertThat(host.calls).containsExactly("restore v1.1.0");
        assertThat(host.imageCalls).contains("tag sha-api-v1.1.0 horadus-api:latest");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Released");
        assertThat(condition("Drifted")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Reconverged");
        assertThat(condition("Drifted").getMessage()).contains("service api is exited (stopped on the release's image sha-api-v1.1.0)");
        assertThat(condition("Healthy").getMessage()).startsWith("not counted toward a rollback (services stopped on the release's images were started again");
        assertThat(status.getWatch().getConsecutiveFailures()).isZero();
        assertThat(status.getWatch().getStartedAgain()).isEqualTo(1);

        watchRounds(THRESHOLD + 1);
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(status.getRollback()).isNull();
        assertThat(host.calls).containsExactly("restore v1.1.0");
        assertThat(condition("Drifted").getStatus()).isEqualTo("False");
        assertThat(condition("Healthy")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Verified");
        assertThat(status.getWatch().getFailedRounds()).isZero();
        assertThat(status.getWatch().getStartedAgain()).as("the passing round ended the run").isNull();
        assertThat(events).noneSatisfy(e -> assertThat(e.reason()).isIn("RolledBack", "RollingBack"));
    }

    @Test
    @DisplayName("an app that exits on its own again after it was started again is the release failing: rolled back after failureThreshold + 1 rounds")
    void appThatKeepsExitingIsRolledBack() {
        upgradeTo("v1.1.0");
        host.calls.clear();
        host.exitsOnItsOwn = "v1.1.0";
        List.of("api", "worker", "beat").forEach(service -> host.stopped.put(service, "exited"));

        watchRounds(1);
        assertThat(status.getWatch().getConsecutiveFailures()).as("the first start again is not counted").isZero();
        watchRounds(THRESHOLD - 1);
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getWatch().getConsecutiveFailures()).isEqualTo(THRESHOLD - 1);
        assertThat(status.getWatch().getStartedAgain()).isEqualTo(THRESHOLD);
        assertThat(condition("Healthy")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "CheckFailing");
        assertThat(condition("Healthy").getMessage()).contains(THRESHOLD - 1 + " of " + THRESHOLD + " failed rounds before a rollback", "service api: exited");
        assertThat(host.calls).as("started again at every round meanwhile").containsExactly("restore v1.1.0", "restore v1.1.0", "restore v1.1.0");

        watchRounds(1);
        assertThat(status.getPhase()).isEqualTo(Phase.RollingBack);
        settle();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(host.calls).containsExactly("restore v1.1.0", "restore v1.1.0", "restore v1.1.0", "restore v1.0.0");
        assertThat(status.getRollback().getFailedChecks()).extracting(c -> c.getName() + ": " + c.getDetail()).contains("service api: exited");
    }

    @Test
    @DisplayName("a failed round right after the engine answered again is not counted; the count from before the outage is kept")
    void firstRoundAfterAnOutageIsNotCounted() {
        upgradeTo("v1.1.0");
        checks.answer(false);
        watchRounds(THRESHOLD - 1);
        assertThat(status.getWatch().getConsecutiveFailures()).isEqualTo(THRESHOLD - 1);

        engineAway();
        watchRounds(1);
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getWatch().getConsecutiveFailures()).as("neither reset nor advanced").isEqualTo(THRESHOLD - 1);
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Released");
        assertThat(condition("Healthy").getMessage()).isEqualTo("not counted toward a rollback (the first round since the Docker engine"
                + " answered again): health: HTTP 503");

        watchRounds(1);
        assertThat(status.getPhase()).as("the release itself still fails").isEqualTo(Phase.RollingBack);
    }

    @Test
    @DisplayName("a re-converge that fails says ReconvergeFailed with its exit code, and the checks judge the host as found: counted")
    void failedReconvergeIsCounted() {
        upgradeTo("v1.1.0");
        host.exitCodes.put("restore v1.1.0", 1);
        List.of("api", "worker", "beat").forEach(service -> host.stopped.put(service, "exited"));

        watchRounds(1);
        assertThat(condition("Drifted")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "ReconvergeFailed");
        assertThat(condition("Drifted").getMessage()).contains("service api is exited", "up -d failed with exit code 1");
        assertThat(status.getWatch().getConsecutiveFailures()).isEqualTo(1);
        assertThat(condition("Healthy").getMessage()).startsWith("1 of " + THRESHOLD + " failed rounds before a rollback");

        watchRounds(THRESHOLD - 1);
        assertThat(status.getPhase()).isEqualTo(Phase.RollingBack);
    }

    @Test
    @DisplayName("with onDrift Report, services the engine stopped are reported and not counted: nothing is started, nothing rolled back")
    void stoppedServicesWithReportAreNotCounted() {
        spec.getVerify().setOnDrift(io.horadus.api.DriftPolicy.Report);
        upgradeTo("v1.1.0");
        host.calls.clear();
        host.stopped.put("api", "exited");

        watchRounds(THRESHOLD + 2);

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(host.calls).isEmpty();
        assertThat(condition("Drifted")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Drifted");
        assertThat(condition("Drifted").getMessage()).startsWith("service api is exited");
        assertThat(condition("Healthy").getMessage()).contains("verify.onDrift is Report: nothing starts them", "service api: exited");
        assertThat(status.getWatch().getConsecutiveFailures()).isZero();
    }

    @Test
    @DisplayName("the Docker engine away while v1.1.0 rolls out: HostUnreachable, no failed step; it resumes when the engine answers, migration once")
    void engineAwayDuringRollout() {
        checks.answer(true);
        changeTag("v1.1.0");
        host.calls.clear();
        for (int i = 0; i < 20 && status.getRelease().getStep() != io.horadus.api.Step.RollOut; i++) {
            reconcileOnce();
        }
        assertThat(status.getRelease().getStep()).isEqualTo(io.horadus.api.Step.RollOut);
        host.engineDown = true;
        assertThatThrownBy(this::reconcileOnce).isInstanceOf(HostUnavailableException.class);
        assertThatThrownBy(this::reconcileOnce).isInstanceOf(HostUnavailableException.class);
        assertThat(status.getRelease().getStepState()).isNotEqualTo(io.horadus.api.StepState.Failed);

        host.engineDown = false;
        List.of("api", "worker", "beat").forEach(service -> host.stopped.put(service, "exited"));
        settle();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(host.calls).containsExactly("build v1.1.0", "migrate v1.1.0", "up v1.1.0");
        assertThat(status.getHistory()).noneSatisfy(h -> assertThat(h.getOutcome().name()).isEqualTo("Failed"));
    }

    @Test
    @DisplayName("an operator restarted during the rollback finishes it from status")
    void restartDuringRollback() {
        upgradeTo("v1.1.0");
        checks.answer(false);
        watchRounds(THRESHOLD);
        assertThat(status.getPhase()).isEqualTo(Phase.RollingBack);

        checks.answer(true);
        rounds = rounds();
        settle();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(host.calls).containsOnlyOnce("restore v1.0.0");
    }

    @Test
    @DisplayName("only spec.rollback.keep good releases keep their snapshot names; older ones are untagged")
    void keepPrunesOlderSnapshots() {
        spec.getRollback().setKeep(2);
        upgradeTo("v1.1.0");
        watchRounds(WINDOW / INTERVAL + 1);
        upgradeTo("v1.2.0");
        watchRounds(WINDOW / INTERVAL + 1);

        assertThat(status.getGoodReleases()).extracting(g -> g.getTag()).containsExactly("v1.2.0", "v1.1.0");
        assertThat(host.imageCalls).contains("untag horadus-api:horadus-v1.0.0", "untag horadus-worker:horadus-v1.0.0")
                .noneMatch(call -> call.startsWith("untag") && !call.contains("horadus-v1.0.0"));
    }

    @Test
    @DisplayName("a declared down-migration runs once, from the failed release's checkout, before the last good images are put back")
    void downMigrationRunsOnceBeforeTheRestore() {
        spec.getRollback().getDownMigration().setEnabled(true);
        spec.getRollback().getDownMigration().setCommand(List.of("alembic", "downgrade", "-1"));
        upgradeTo("v1.1.0");
        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();

        assertThat(host.calls).containsExactly("build v1.1.0", "migrate v1.1.0", "up v1.1.0", "migrate-down v1.1.0", "restore v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        var incident = status.getRollback();
        assertThat(incident.getDownMigrationRun()).startsWith("horadus-down-v1.1.0-");
        assertThat(incident.getDownMigrationExitCode()).isZero();
        assertThat(host.removedRuns).contains(incident.getDownMigrationRun());
        assertThat(events).anySatisfy(e -> assertThat(e.message()).contains("its down-migration ran"));
    }

    @Test
    @DisplayName("a down-migration that fails stops the rollback RollbackFailed: nothing is restored, nothing runs again")
    void failedDownMigrationStopsTheRollback() {
        spec.getRollback().getDownMigration().setEnabled(true);
        spec.getRollback().getDownMigration().setCommand(List.of("alembic", "downgrade", "-1"));
        upgradeTo("v1.1.0");
        host.exitCodes.put("migrate-down v1.1.0", 4);
        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();

        assertThat(status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "RollbackFailed");
        assertThat(condition("Stalled").getMessage()).contains("exited with code 4", "v1.1.0 keeps running");
        assertThat(host.calls).containsOnlyOnce("migrate-down v1.1.0").doesNotContain("restore v1.0.0");
        var calls = new ArrayList<>(host.calls);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(INTERVAL));
            reconcileOnce();
        }
        assertThat(host.calls).isEqualTo(calls);
    }

    @Test
    @DisplayName("an operator restarted while the down-migration ran reads its exit code from the host and never runs it twice")
    void restartDuringDownMigration() {
        spec.getRollback().getDownMigration().setEnabled(true);
        spec.getRollback().getDownMigration().setCommand(List.of("alembic", "downgrade", "-1"));
        upgradeTo("v1.1.0");
        brokenTag = "v1.1.0";
        host.runLeaves = new MigrationRun.Running();
        watchRounds(THRESHOLD);
        for (int i = 0; i < 3; i++) {
            reconcileOnce();
        }
        assertThat(host.calls).containsOnlyOnce("migrate-down v1.1.0");
        assertThat(status.getPhase()).isEqualTo(Phase.RollingBack);

        // The operator dies; the run finishes on the host while it is away.
        host.migrationRuns.put(status.getRollback().getDownMigrationRun(), new MigrationRun.Exited(0));
        host.runLeaves = null;
        rounds = rounds();
        settle();
        assertThat(host.calls).containsOnlyOnce("migrate-down v1.1.0").contains("restore v1.0.0");
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
    }

    @Test
    @DisplayName("without a migration in the failed release, a declared down-migration does not run")
    void noDownMigrationWithoutAMigration() {
        spec.getRollback().getDownMigration().setEnabled(true);
        spec.getRollback().getDownMigration().setCommand(List.of("alembic", "downgrade", "-1"));
        spec.getRollout().getMigration().setEnabled(false);
        upgradeTo("v1.1.0");
        brokenTag = "v1.1.0";
        watchRounds(THRESHOLD);
        settle();

        assertThat(host.calls).doesNotContain("migrate-down v1.1.0").contains("restore v1.0.0");
        assertThat(status.getRollback().getDownMigrationRun()).isNull();
    }

    /** The engine stops answering for a few rounds (HostUnreachable, retried), then answers again. */
    private void engineAway() {
        host.engineDown = true;
        clock.advance(Duration.ofSeconds(INTERVAL));
        assertThat(rounds.runDue(KEY)).isTrue();
        assertThatThrownBy(this::reconcileOnce).isInstanceOf(HostUnavailableException.class);
        watchRounds(THRESHOLD + 1);
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        host.engineDown = false;
    }

    private void upgradeTo(String tag) {
        checks.answer(true);
        changeTag(tag);
        settle();
        assertThat(status.getCurrentTag()).isEqualTo(tag);
    }

    private Fakes.Rounds rounds() {
        var made = new Fakes.Rounds(host, verifier, clock);
        made.everyRound = everyRound();
        return made;
    }

    /** Whether every round is applied by a reconcile, checking that those the watch skips would change nothing. */
    boolean everyRound() {
        return false;
    }

    /** Rounds one interval apart; a round that changes something is applied by a reconcile, as the operator does. */
    private void watchRounds(int count) {
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofSeconds(INTERVAL));
            if (rounds.runDue(KEY)) {
                reconcileOnce();
            }
        }
    }

    private void settle() {
        Fakes.settle(this::reconcileOnce, clock);
    }

    private Outcome reconcileOnce() {
        var said = rounds.takeSaid();
        var before = Json.of(status);
        var calls = host.calls.size() + host.imageCalls.size();
        var outcome = engine().reconcile(request(), status, written -> { });
        events.addAll(outcome.events());
        if (Boolean.FALSE.equals(said)) {
            assertThat(Json.of(status)).as("a round the watch said changes nothing changed status").isEqualTo(before);
            assertThat(outcome.events()).as("nor made events").isEmpty();
            assertThat(host.calls.size() + host.imageCalls.size()).as("nor ran anything on the host").isEqualTo(calls);
        }
        return rounds.recorded(KEY, outcome);
    }

    /** A new engine per reconcile: nothing may live between reconciles but status and the watch's rounds (one per operator process). */
    private ReleaseEngine engine() {
        return Fakes.engine(host, source, verifier, clock, rounds);
    }

    private void changeTag(String tag) {
        spec.setTag(tag);
        generation++;
    }

    private ReleaseRequest request() {
        return new ReleaseRequest(KEY, generation, spec, GitCredentials.NONE, null, retryToken);
    }

    private Condition condition(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
    }
}

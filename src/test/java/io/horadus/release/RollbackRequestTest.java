package io.horadus.release;

import io.horadus.api.Condition;
import io.horadus.api.GoodRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.RollbackState;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.ProjectSecrets;
import io.horadus.release.port.SecretSets;
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

/**
 * A person's rollback (the horadus.io/rollback annotation, `horadus rollback NAME [--to TAG]`): a kept
 * release put back from its images through the engine's own rollback, as on-call sees it in status,
 * conditions, events and the host calls.
 */
class RollbackRequestTest {

    private static final int INTERVAL = 10;
    private static final int WINDOW = 60;
    private static final String KEY = "ns/app";

    private final Fakes.Host host = new Fakes.Host();
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110").tag("v1.2.0", "c120");
    private final Fakes.Checks checks = new Fakes.Checks();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final List<ReleaseEvent> events = new ArrayList<>();
    /** The tag whose health fails whenever the host runs it. */
    private String brokenTag;
    private final Verifier verifier = (release, verify, services, host, access) -> this.host.running != null && this.host.running.equals(brokenTag)
            ? new VerificationReport(List.of(new VerificationReport.Check("health", false, "HTTP 503")))
            : checks.verify(release, verify, services, host, access);
    private final Fakes.Rounds rounds = new Fakes.Rounds(host, verifier, clock);
    private HoradusReleaseSpec spec;
    private HoradusReleaseStatus status;
    private long generation = 1;
    private String retryToken;
    private RollbackRequest rollback;

    @BeforeEach
    void releaseV100AndWatchItsWindowThrough() {
        spec = ReleaseEngineTest.spec("v1.0.0");
        spec.getVerify().setIntervalSeconds(INTERVAL);
        spec.getVerify().setWatchSeconds(WINDOW);
        status = new HoradusReleaseStatus();
        settle();
        watchRounds(WINDOW / INTERVAL + 1);
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
    }

    @Test
    @DisplayName("last-good while v1.1.0 is on probation: v1.0.0's kept images are put back, no build, no migration; RolledBackByRequest")
    void rollbackToLastGood() {
        upgradeTo("v1.1.0");
        clearRecords();

        rollback = RollbackRequest.lastGood("1733440000");
        settle();

        assertThat(host.calls).containsExactly("restore v1.0.0");
        assertThat(host.imageCalls).contains("tag sha-api-v1.0.0 horadus-api:latest", "tag sha-worker-v1.0.0 horadus-worker:latest");
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getDesiredTag()).as("spec.tag still names the newer tag").isEqualTo("v1.1.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getRollbackToken()).isEqualTo("1733440000");
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "RolledBackByRequest");
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "RolledBackByRequest");
        assertThat(condition("RolledBack")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "RolledBackByRequest", "Rolled back to v1.0.0 on request (from v1.1.0)");
        assertThat(condition("Healthy")).extracting(Condition::getStatus).isEqualTo("True");
        var incident = status.getRollback();
        assertThat(incident.getState()).isEqualTo(RollbackState.RolledBack);
        assertThat(incident.getRequestToken()).isEqualTo("1733440000");
        assertThat(incident.getFromTag()).isEqualTo("v1.1.0");
        assertThat(incident.getToTag()).isEqualTo("v1.0.0");
        assertThat(incident.getRestoredFrom()).isEqualTo("Snapshots");
        assertThat(incident.getFailedChecks()).isEmpty();
        assertThat(status.getHistory().get(0)).satisfies(h -> {
            assertThat(h.getTag()).isEqualTo("v1.1.0");
            assertThat(h.getOutcome()).isEqualTo(ReleaseOutcome.RolledBack);
            assertThat(h.getReason()).isEqualTo("RolledBackByRequest");
            assertThat(h.getMessage()).isEqualTo("Rolled back to v1.0.0 on request (from v1.1.0)");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(ReleaseEvent.Type.Normal);
            assertThat(e.reason()).isEqualTo("RolledBackByRequest");
            assertThat(e.message()).startsWith("Rolled back to v1.0.0 on request (from v1.1.0)");
        });

        brokenTag = "v1.0.0";
        watchRounds(5);
        assertThat(condition("Healthy")).as("the restored version is watched").extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("False", "HealthFailed");
        assertThat(host.calls).as("and never rolled back again").containsExactly("restore v1.0.0");
    }

    @Test
    @DisplayName("a named kept tag: v1.0.0 is put back though v1.1.0 is the newer kept release; the release left loses its good place")
    void rollbackToNamedKeptTag() {
        upgradeTo("v1.1.0");
        watchRounds(WINDOW / INTERVAL + 1);
        upgradeTo("v1.2.0");
        watchRounds(WINDOW / INTERVAL + 1);
        assertThat(status.getGoodReleases()).extracting(GoodRelease::getTag).containsExactly("v1.2.0", "v1.1.0", "v1.0.0");
        clearRecords();

        rollback = new RollbackRequest("v1.0.0", "v1.0.0@1");
        settle();

        assertThat(host.calls).containsExactly("restore v1.0.0");
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getLastGoodTag()).isEqualTo("v1.0.0");
        assertThat(status.getGoodReleases()).extracting(GoodRelease::getTag).containsExactly("v1.1.0", "v1.0.0");
        assertThat(host.imageCalls).contains("untag horadus-api:horadus-v1.2.0").noneMatch(c -> c.startsWith("untag") && c.contains("v1.1.0"));
        assertThat(condition("RolledBack").getMessage()).isEqualTo("Rolled back to v1.0.0 on request (from v1.2.0)");
    }

    @Test
    @DisplayName("a tag that is not kept is refused with RollbackRequest=False RollbackRefused naming the kept tags; nothing runs, Ready stays")
    void unkeptTagIsRefused() {
        upgradeTo("v1.1.0");
        clearRecords();

        rollback = new RollbackRequest("v0.9.0", "v0.9.0@1");
        settle();

        assertThat(host.calls).isEmpty();
        assertThat(host.imageCalls).isEmpty();
        assertThat(condition("RollbackRequest")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "RollbackRefused", "v0.9.0 is not a kept release; kept releases: v1.0.0; nothing was run");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(condition("Ready")).extracting(Condition::getStatus).isEqualTo("True");
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(status.getRollback()).isNull();
        assertThat(status.getRollbackToken()).isEqualTo("v0.9.0@1");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(ReleaseEvent.Type.Warning);
            assertThat(e.reason()).isEqualTo("RollbackRefused");
            assertThat(e.message()).startsWith("rollback to v0.9.0 refused: v0.9.0 is not a kept release");
        });

        watchRounds(3);
        assertThat(events).as("refused once, not at every pass").hasSize(1);

        rollback = RollbackRequest.lastGood("last-good@2");
        settle();
        assertThat(host.calls).as("a new request is served").containsExactly("restore v1.0.0");
        assertThat(status.getConditions()).as("the refusal is no longer current").noneMatch(c -> c.getType().equals("RollbackRequest"));
    }

    @Test
    @DisplayName("last-good with nothing kept but what runs is refused; nothing runs")
    void nothingElseKeptIsRefused() {
        clearRecords();
        rollback = RollbackRequest.lastGood("last-good@1");
        settle();

        assertThat(host.calls).isEmpty();
        assertThat(condition("RollbackRequest").getMessage())
                .isEqualTo("no kept release other than v1.0.0, which the host runs; kept releases: v1.0.0; nothing was run");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("asked while v1.1.0 migrates: refused (no race with the step), the release goes on to Ready")
    void refusedWhileAReleaseIsInFlight() {
        host.runLeaves = new MigrationRun.Running();
        changeTag("v1.1.0");
        for (int i = 0; i < 6 && status.getPhase() != Phase.Migrating; i++) {
            reconcileOnce();
        }
        reconcileOnce();
        assertThat(status.getPhase()).isEqualTo(Phase.Migrating);
        var before = List.copyOf(host.calls);

        rollback = RollbackRequest.lastGood("last-good@1");
        reconcileOnce();
        assertThat(condition("RollbackRequest")).extracting(Condition::getReason, Condition::getMessage)
                .containsExactly("RollbackRefused", "v1.1.0 is being released (step Migrate): ask again once it has ended; nothing was run");
        assertThat(host.calls).isEqualTo(before);
        assertThat(events).anySatisfy(e -> assertThat(e.reason()).isEqualTo("RollbackRefused"));

        host.migrationRuns.replaceAll((name, run) -> new MigrationRun.Exited(0));
        host.runLeaves = null;
        settle();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(host.calls).doesNotContain("restore v1.0.0");
    }

    @Test
    @DisplayName("a request still set is served once: later passes, watch rounds and spec edits neither serve it again nor re-release spec.tag")
    void servedOnceAndSpecTagNotReleasedAgain() {
        upgradeTo("v1.1.0");
        rollback = RollbackRequest.lastGood("last-good@1733440000");
        settle();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        clearRecords();

        watchRounds(5);
        generation++; // a GitOps tool re-applies its manifest with an unrelated change
        settle();
        watchRounds(3);

        assertThat(host.calls).isEmpty();
        assertThat(host.imageCalls).isEmpty();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(status.getRelease().getTag()).isEqualTo("v1.1.0");
        assertThat(events).noneMatch(e -> e.reason().equals("RollingBack") || e.reason().equals("ReleaseStarted"));
    }

    @Test
    @DisplayName("after a person's rollback, the retry annotation releases spec.tag again (the rollback request, still set, is not served again)")
    void retryReleasesSpecTagAgain() {
        upgradeTo("v1.1.0");
        rollback = RollbackRequest.lastGood("last-good@1733440000");
        settle();
        clearRecords();

        retryToken = "1733450000";
        settle();

        assertThat(host.calls).containsExactly("build v1.1.0", "migrate v1.1.0", "up v1.1.0");
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(status.getRelease().getAttempt()).isEqualTo(2);
        assertThat(status.getConditions()).noneMatch(c -> c.getType().equals("RolledBack"));
        assertThat(status.getRollbackToken()).isEqualTo("last-good@1733440000");
    }

    @Test
    @DisplayName("a person's rollback from a release that migrated runs the declared down-migration once, as the automatic one does")
    void downMigrationFollowsTheRules() {
        spec.getRollback().getDownMigration().setEnabled(true);
        spec.getRollback().getDownMigration().setCommand(List.of("alembic", "downgrade", "-1"));
        upgradeTo("v1.1.0");
        clearRecords();

        rollback = RollbackRequest.lastGood("last-good@1");
        settle();

        assertThat(host.calls).containsExactly("migrate-down v1.1.0", "restore v1.0.0");
        assertThat(status.getRollback().getMigrated()).isTrue();
        assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
    }

    private void upgradeTo(String tag) {
        checks.answer(true);
        changeTag(tag);
        settle();
        assertThat(status.getCurrentTag()).isEqualTo(tag);
    }

    private void clearRecords() {
        host.calls.clear();
        host.imageCalls.clear();
        events.clear();
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

    /** A new engine per reconcile: nothing may live between reconciles but status and the watch's rounds. */
    private Outcome reconcileOnce() {
        var outcome = Fakes.engine(host, source, verifier, clock, rounds).reconcile(request(), status, written -> { });
        events.addAll(outcome.events());
        return rounds.recorded(KEY, outcome);
    }

    private void changeTag(String tag) {
        spec.setTag(tag);
        generation++;
    }

    private ReleaseRequest request() {
        return new ReleaseRequest(KEY, generation, spec, GitCredentials.NONE, null, ProjectSecrets.NONE, ProbeSecrets.NONE, SecretSets.NONE,
                retryToken, rollback);
    }

    private Condition condition(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
    }
}

package io.horadus.release;

import io.horadus.api.ApprovalRequirement;
import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.StaleApproval;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.ApprovalPolicy;
import io.horadus.release.approval.Approvals;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.rollback.ImageSnapshots;
import io.horadus.release.rollback.PutBack;
import io.horadus.release.rollback.Rollbacks;
import io.horadus.release.watch.ReleaseWatch;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reviewer's approval (spec.approval, HoradusApproval) as the release driver and the reviewer see it. */
class ApprovalTest {

    private static final String C100 = "1000000000000000000000000000000000000000";
    private static final String C110 = "1100000000000000000000000000000000000000";
    private static final String C200 = "2000000000000000000000000000000000000000";
    private static final String C201 = "2010000000000000000000000000000000000000";

    private final Fakes.Host host = new Fakes.Host();
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", C100).tag("v1.1.0", C110).tag("v2.0.0", C200);
    private final Fakes.Checks checks = new Fakes.Checks();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-04T10:00:00Z"));
    private final List<ReleaseEvent> events = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    /** The HoradusApprovals in the release's namespace that name it; null: the cluster has no such kind. */
    private List<Approval> approvals = new ArrayList<>();
    private int reads;
    private Fakes.Rounds rounds;
    private ReleaseEngine engine;
    private HoradusReleaseSpec spec;
    private HoradusReleaseStatus status;
    private long generation = 1;

    @BeforeEach
    void setUp() {
        rounds = new Fakes.Rounds(host, checks, clock);
        engine = Fakes.engine(host, source, checks, clock, rounds, new Fakes.Reviewers(this::read));
        spec = ReleaseEngineTest.spec("v1.0.0");
        status = new HoradusReleaseStatus();
    }

    @Test
    @DisplayName("not required: released without waiting, Approved=True ApprovalNotRequired, no approval read")
    void notRequired() {
        run();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(phases).doesNotContain(Phase.AwaitingApproval);
        assertThat(condition("Approved")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", Reason.ApprovalNotRequired.name(), "spec.approval.required is Never");
        assertThat(status.getRelease().getApproval()).isNull();
        assertThat(reads).isZero();
    }

    @Test
    @DisplayName("not required costs no reconcile: as many as a pipeline without the Approve step")
    void notRequiredCostsNoReconcile() {
        run();
        var plain = new ApprovalTest();
        plain.rounds = new Fakes.Rounds(plain.host, plain.checks, plain.clock);
        plain.engine = withoutApproveStep(plain);
        plain.spec = ReleaseEngineTest.spec("v1.0.0");
        plain.status = new HoradusReleaseStatus();

        plain.run();

        assertThat(reconciles).isEqualTo(plain.reconciles);
    }

    @Test
    @DisplayName("required and no approval: AwaitingApproval, Ready=False, not Stalled, nothing built, looked at again every 5 s, the reviewer's command shown")
    void requiredWaits() {
        spec.getApproval().setRequired(ApprovalRequirement.Always);
        var outcome = run();

        assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(outcome.requeueAfter()).contains(Duration.ofSeconds(5));
        assertThat(host.calls).isEmpty();
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", Reason.AwaitingApproval.name());
        assertThat(condition("Stalled").getStatus()).isEqualTo("False");
        assertThat(condition("Reconciling").getStatus()).isEqualTo("True");
        assertThat(condition("Approved")).extracting(Condition::getStatus, Condition::getReason).containsExactly("Unknown", Reason.AwaitingApproval.name());
        assertThat(condition("Approved").getMessage())
                .startsWith("v1.0.0 (commit " + C100 + ") awaits a reviewer's approval (spec.approval.required: Always). To approve, a reviewer runs: ")
                .endsWith("echo '{\"apiVersion\":\"horadus.io/v1alpha1\",\"kind\":\"HoradusApproval\",\"metadata\":{\"name\":\"app-v1.0.0-1000000\"},"
                        + "\"spec\":{\"release\":\"app\",\"tag\":\"v1.0.0\",\"commit\":\"" + C100 + "\",\"reviewer\":\"'\"$USER\"'\"}}'"
                        + " | kubectl -n ns create -f -");

        // Looking again changes nothing and runs nothing until someone approves.
        var written = Json.of(status);
        clock.advance(Duration.ofSeconds(5));
        reconcileOnce();
        assertThat(Json.of(status)).isEqualTo(written);
        assertThat(host.calls).isEmpty();
    }

    @Test
    @DisplayName("granted: an approval of the tag and its commit releases it; status and an Event name the reviewer and the approval")
    void granted() {
        spec.getApproval().setRequired(ApprovalRequirement.Always);
        run();
        approvals.add(new Approval("app-v1.0.0-1000000", "v1.0.0", C100, "alice", Instant.parse("2026-12-04T10:00:30Z")));
        clock.advance(Duration.ofSeconds(5));
        run();

        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(host.calls).containsExactly("build v1.0.0", "migrate v1.0.0", "up v1.0.0");
        var message = "v1.0.0 (commit " + C100 + ") approved by alice in HoradusApproval app-v1.0.0-1000000";
        assertThat(condition("Approved")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", Reason.Approved.name(), message);
        var record = status.getRelease().getApproval();
        assertThat(record.getName()).isEqualTo("app-v1.0.0-1000000");
        assertThat(record.getReviewer()).isEqualTo("alice");
        assertThat(record.getApprovedAt()).isEqualTo("2026-12-04T10:00:30Z");
        assertThat(record.getStale()).isEmpty();
        assertThat(events).filteredOn(e -> e.reason().equals(Reason.Approved.name())).singleElement()
                .satisfies(e -> {
                    assertThat(e.type()).isEqualTo(ReleaseEvent.Type.Normal);
                    assertThat(e.message()).isEqualTo(message);
                });
    }

    @Test
    @DisplayName("stale: approvals of another tag or another commit are ignored, named in the message and status, and the release keeps waiting")
    void staleApprovalsIgnored() {
        spec.getApproval().setRequired(ApprovalRequirement.Always);
        approvals.add(new Approval("other-tag", "v1.1.0", C110, "bob", Instant.parse("2026-12-04T09:00:00Z")));
        approvals.add(new Approval("other-commit", "v1.0.0", C110, "carol", Instant.parse("2026-12-04T09:30:00Z")));
        run();

        assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(host.calls).isEmpty();
        assertThat(condition("Approved").getMessage()).contains("; stale approvals, ignored (another tag or commit): other-commit (v1.0.0, commit "
                + C110 + "), other-tag (v1.1.0, commit " + C110 + ")");
        assertThat(status.getRelease().getApproval().getName()).isNull();
        assertThat(status.getRelease().getApproval().getStale()).extracting(StaleApproval::getName, StaleApproval::getTag)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("other-commit", "v1.0.0"), org.assertj.core.groups.Tuple.tuple("other-tag", "v1.1.0"));
    }

    @Test
    @DisplayName("stale approvals shown in status are bounded (5, newest first)")
    void staleBounded() {
        spec.getApproval().setRequired(ApprovalRequirement.Always);
        for (int i = 0; i < 9; i++) {
            approvals.add(new Approval("old-" + i, "v0." + i + ".0", C110, null, Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i)));
        }
        run();

        assertThat(status.getRelease().getApproval().getStale()).extracting(StaleApproval::getName)
                .containsExactly("old-8", "old-7", "old-6", "old-5", "old-4");
    }

    @Test
    @DisplayName("MajorBump: a first release and a minor upgrade need none; v1 to v2 waits for a reviewer")
    void majorBump() {
        spec.getApproval().setRequired(ApprovalRequirement.MajorBump);
        run();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(condition("Approved").getMessage()).isEqualTo("spec.approval.required is MajorBump and this is the first release");

        changeTag("v1.1.0");
        run();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(condition("Approved").getMessage()).isEqualTo("spec.approval.required is MajorBump and v1.1.0 is no major bump from v1.0.0");
        assertThat(reads).isZero();

        changeTag("v2.0.0");
        run();
        assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(status.getCurrentTag()).isEqualTo("v1.1.0");
        assertThat(host.calls).doesNotContain("build v2.0.0");

        approvals.add(new Approval("major", "v2.0.0", C200, "alice", clock.instant()));
        run();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getCurrentTag()).isEqualTo("v2.0.0");
    }

    @Test
    @DisplayName("a tag moved after it was approved (a new commit) needs a new approval: the old one is stale")
    void movedTagNeedsNewApproval() {
        spec.getApproval().setRequired(ApprovalRequirement.Always);
        spec.setTag("v2.0.0");
        generation++;
        approvals.add(new Approval("approved-before-move", "v2.0.0", C200, "alice", clock.instant()));
        source.tag("v2.0.0", C201);
        run();

        assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(status.getRelease().getCommit()).isEqualTo(C201);
        assertThat(condition("Approved").getMessage()).contains("approved-before-move (v2.0.0, commit " + C200 + ")")
                .contains("\"commit\":\"" + C201 + "\"");
        assertThat(host.calls).isEmpty();

        approvals.add(new Approval("approved-after-move", "v2.0.0", C201, "alice", clock.instant()));
        run();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(status.getRelease().getApproval().getName()).isEqualTo("approved-after-move");
        assertThat(status.getRelease().getApproval().getStale()).extracting(StaleApproval::getName).containsExactly("approved-before-move");
    }

    @Test
    @DisplayName("a cluster without the HoradusApproval CRD: a clear condition saying what to install, nothing runs, looked at again")
    void kindMissing() {
        spec.getApproval().setRequired(ApprovalRequirement.Always);
        approvals = null;
        var outcome = run();

        assertThat(status.getPhase()).isEqualTo(Phase.AwaitingApproval);
        assertThat(outcome.requeueAfter()).contains(Duration.ofSeconds(5));
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", Reason.ApprovalKindMissing.name());
        assertThat(condition("Stalled").getStatus()).isEqualTo("False");
        assertThat(condition("Approved").getMessage()).contains("does not serve HoradusApproval")
                .contains("kubectl apply -f crds/horadusapprovals.horadus.io-v1.yml");
        assertThat(host.calls).isEmpty();

        approvals = new ArrayList<>(List.of(new Approval("late", "v1.0.0", C100, null, clock.instant())));
        clock.advance(Duration.ofSeconds(5));
        run();
        assertThat(status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(condition("Approved").getMessage()).contains("approved by an unnamed reviewer in HoradusApproval late");
    }

    // --- helpers ---

    /** Reconciles as the operator does until the release is released, stalled or waits for a person; returns the last outcome. */
    private Outcome run() {
        for (int i = 0; i < 100; i++) {
            var outcome = reconcileOnce();
            var waitsForPerson = outcome.status().getPhase() == Phase.AwaitingApproval && outcome.requeueAfter().filter(d -> !d.isZero()).isPresent();
            if (Fakes.settled(outcome) || waitsForPerson) {
                reconciles += i + 1;
                return outcome;
            }
            clock.advance(outcome.requeueAfter().get());
        }
        throw new AssertionError("release did not settle");
    }

    private int reconciles;

    private Outcome reconcileOnce() {
        var request = new ReleaseRequest("ns/app", generation, spec, GitCredentials.NONE, null);
        var outcome = engine.reconcile(request, status, s -> { });
        events.addAll(outcome.events());
        phases.add(outcome.status().getPhase());
        return rounds.recorded(request.key(), outcome);
    }

    /** What the operator's ReleaseApprovals answers when the Approve step asks. */
    private Approvals read() {
        reads++;
        return approvals == null
                ? new Approvals.KindMissing("this cluster does not serve HoradusApproval (404). Install its CRD: kubectl apply -f crds/horadusapprovals.horadus.io-v1.yml")
                : new Approvals.Found(approvals);
    }

    private void changeTag(String tag) {
        spec.setTag(tag);
        generation++;
    }

    private Condition condition(String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
    }

    private static ReleaseEngine withoutApproveStep(ApprovalTest test) {
        var snapshots = new ImageSnapshots(test.host);
        var watch = new ReleaseWatch(test.host, test.checks);
        return new ReleaseEngine(List.of(
                new io.horadus.release.steps.ResolveStep(test.source),
                new io.horadus.release.steps.BuildStep(test.host, test.source),
                new io.horadus.release.steps.MigrateStep(test.host, test.host, test.source),
                new io.horadus.release.steps.RolloutStep(test.host, test.source),
                new io.horadus.release.steps.VerifyStep(test.host, test.checks, snapshots)),
                watch, test.rounds.rounds, new Rollbacks(watch, snapshots, test.host, test.host, test.source, test.clock), snapshots,
                new PutBack(snapshots, test.host, test.source),
                new io.horadus.release.promotion.Promotion(io.horadus.release.port.UpstreamStatuses.NONE, java.time.Duration.ofSeconds(5)), test.clock);
    }
}

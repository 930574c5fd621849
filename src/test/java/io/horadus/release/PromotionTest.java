package io.horadus.release;

import io.horadus.api.ApprovalRequirement;
import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.PromotionSpec;
import io.horadus.api.Reason;
import io.horadus.api.UpstreamRollbackPolicy;
import io.horadus.release.approval.Approvals;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.EnginePorts;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.UpstreamStatuses;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stages (spec.promotion) as the release drivers see them: a staging release and a production release on
 * two hosts, production reading staging's status as its store holds it.
 */
class PromotionTest {

    private static final int INTERVAL = 2;
    private static final int THRESHOLD = 2;
    private static final int SOAK = 600;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110").tag("v1.2.0", "c120");
    private final Map<String, Stage> stages = new HashMap<>();
    private final UpstreamStatuses upstreams = (namespace, name) -> Optional.ofNullable(stages.get(name)).map(s -> s.status);
    private Stage staging;
    private Stage production;

    @BeforeEach
    void setUp() {
        staging = new Stage("staging", "v1.0.0");
        production = new Stage("production", "v1.0.0");
        var promotion = new PromotionSpec();
        promotion.setFrom(new ArrayList<>(List.of("staging")));
        promotion.setSoakSeconds(SOAK);
        production.spec.setPromotion(promotion);
    }

    @Test
    @DisplayName("production waits until staging released the tag and ran it healthy for the soak, then releases the same commit")
    void waitsForTheSoak() {
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.AwaitingUpstream);
        assertThat(production.condition("UpstreamVerified")).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("Unknown", Reason.UpstreamNotReleased.name());
        assertThat(production.condition("UpstreamVerified").getMessage())
                .contains("staging: staging has not released v1.0.0 (it runs no release yet)").contains("Nothing runs until then");
        assertThat(production.condition("Reconciling").getStatus()).isEqualTo("True");
        assertThat(production.condition("Stalled").getStatus()).isEqualTo("False");
        assertThat(production.host.calls).isEmpty();

        staging.settle();
        assertThat(staging.status.getPhase()).isEqualTo(Phase.Ready);
        var verifiedAt = Instant.parse(staging.status.getRelease().getVerifiedAt());

        production.reconcileOnce();
        assertThat(production.status.getPhase()).isEqualTo(Phase.AwaitingUpstream);
        assertThat(production.condition("UpstreamVerified").getReason()).isEqualTo(Reason.SoakPending.name());
        var verdict = production.status.getPromotion().getUpstreams().get(0);
        assertThat(verdict.getReason()).isEqualTo(Reason.SoakPending.name());
        assertThat(Instant.parse(verdict.getSoakEndsAt())).isEqualTo(verifiedAt.plusSeconds(SOAK));
        assertThat(production.host.calls).isEmpty();

        clock.advance(Duration.ofSeconds(SOAK / 2));
        production.reconcileOnce();
        assertThat(production.status.getPhase()).as("half the soak").isEqualTo(Phase.AwaitingUpstream);

        clock.advance(Duration.ofSeconds(SOAK / 2));
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.Ready);
        assertThat(production.status.getCurrentCommit()).isEqualTo("c100");
        assertThat(production.host.calls).contains("build v1.0.0", "up v1.0.0");
        assertThat(production.condition("UpstreamVerified")).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("True", Reason.UpstreamVerified.name());
        assertThat(production.status.getPromotion().getChain()).containsExactly("staging", "production");
        assertThat(production.status.getHistory().get(0).getImages()).as("the image IDs it verified").isNotEmpty();
    }

    @Test
    @DisplayName("a failed round in staging restarts the soak; a failing staging is UpstreamNotHealthy")
    void failedRoundRestartsTheSoak() {
        staging.settle();
        clock.advance(Duration.ofSeconds(SOAK - 10));
        staging.checks.answer(false);
        staging.watchRounds(1);
        production.settle();
        assertThat(production.condition("UpstreamVerified").getReason()).isEqualTo(Reason.UpstreamNotHealthy.name());
        assertThat(production.condition("UpstreamVerified").getMessage()).contains("its checks fail (1 round(s) in a row: health)");

        staging.checks.answer(true);
        staging.watchRounds(1);
        clock.advance(Duration.ofSeconds(20));
        production.reconcileOnce();
        assertThat(production.condition("UpstreamVerified").getReason()).as("the soak counts from the recovery").isEqualTo(Reason.SoakPending.name());
        clock.advance(Duration.ofSeconds(SOAK));
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("a tag staging never ran waits; a tag staging moved on from counts when it ran the soak before")
    void tagStagingNeverRan() {
        staging.settle();
        production.spec.setTag("v1.1.0");
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.AwaitingUpstream);
        assertThat(production.condition("UpstreamVerified").getMessage()).contains("staging has not released v1.1.0 (it runs v1.0.0)");

        clock.advance(Duration.ofSeconds(SOAK));
        staging.changeTag("v1.1.0");
        staging.settle();
        production.changeTag("v1.0.0");
        production.settle();
        assertThat(production.status.getPhase()).as("v1.0.0 ran its soak in staging before v1.1.0 began").isEqualTo(Phase.Ready);
        assertThat(production.condition("UpstreamVerified").getMessage()).contains("it runs v1.1.0 now");
    }

    @Test
    @DisplayName("a tag moved to another commit after staging released it: CommitMismatch, nothing runs")
    void movedTag() {
        staging.settle();
        clock.advance(Duration.ofSeconds(SOAK));
        source.tag("v1.0.0", "c101");
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.AwaitingUpstream);
        assertThat(production.condition("UpstreamVerified").getReason()).isEqualTo(Reason.CommitMismatch.name());
        assertThat(production.condition("UpstreamVerified").getMessage()).contains("staging released v1.0.0 as commit c100, but here it resolved to c101");
        assertThat(production.host.calls).isEmpty();
    }

    @Test
    @DisplayName("staging rolls back a tag production awaits approval for: production stops, Stalled UpstreamRolledBack, nothing built")
    void rollbackStopsReleaseInFlight() {
        releaseBothAt("v1.0.0");
        production.spec.getApproval().setRequired(ApprovalRequirement.Always);
        staging.upgrade("v1.1.0");
        clock.advance(Duration.ofSeconds(SOAK));
        production.changeTag("v1.1.0");
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.AwaitingApproval);

        staging.breaks("v1.1.0");
        assertThat(staging.status.getPhase()).isEqualTo(Phase.RolledBack);
        production.reconcileOnce();

        assertThat(production.status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(production.condition("Stalled")).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("True", Reason.UpstreamRolledBack.name());
        assertThat(production.condition("UpstreamVerified").getMessage())
                .contains("v1.1.0 stops before Approve: staging rolled back v1.1.0 (commit c110)");
        assertThat(production.host.calls).doesNotContain("build v1.1.0");
        assertThat(production.status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(production.events).anyMatch(e -> Reason.UpstreamRolledBack.name().equals(e.reason()));
    }

    @Test
    @DisplayName("staging rolls back a tag production released: reported (Report), or rolled back too (RollBack)")
    void rollbackOfReleasedTag() {
        releaseBothAt("v1.0.0");
        staging.upgrade("v1.1.0");
        clock.advance(Duration.ofSeconds(SOAK));
        production.upgrade("v1.1.0");

        staging.breaks("v1.1.0");
        production.reconcileOnce();
        assertThat(production.status.getPhase()).as("Report leaves the host as it is").isEqualTo(Phase.Ready);
        assertThat(production.condition("UpstreamVerified")).extracting(Condition::getStatus, Condition::getReason)
                .containsExactly("False", Reason.UpstreamRolledBack.name());
        production.reconcileOnce();
        assertThat(production.events.stream().filter(e -> Reason.UpstreamRolledBack.name().equals(e.reason()))).as("said once").hasSize(1);

        production.spec.getPromotion().setOnUpstreamRollback(UpstreamRollbackPolicy.RollBack);
        production.condition("UpstreamVerified").setReason(Reason.UpstreamVerified.name());
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.RolledBack);
        assertThat(production.status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(production.host.calls).contains("restore v1.0.0");
        assertThat(production.condition("RolledBack").getMessage())
                .isEqualTo("v1.1.0 rolled back to v1.0.0 after an upstream rolled it back: staging rolled back v1.1.0 (commit c110)");
        assertThat(production.status.getRollback().getUpstream()).isEqualTo("staging rolled back v1.1.0 (commit c110)");
        assertThat(production.status.getRollback().getFailedChecks()).as("production's own checks passed").isEmpty();
    }

    @Test
    @DisplayName("auto follows staging's last good tag, never promotes a rolled-back one again, and never undoes a person's rollback")
    void autoFollowsLastGood() {
        production.spec.setTag(null);
        production.spec.getPromotion().setAuto(true);
        production.spec.getPromotion().setSoakSeconds(0);
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.AwaitingUpstream);
        assertThat(production.condition("UpstreamVerified").getMessage()).contains("follows staging's last good tag, and staging has none yet");

        staging.settle();
        production.settle();
        assertThat(production.status.getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(production.status.getDesiredTag()).isEqualTo("v1.0.0");

        staging.upgrade("v1.1.0");
        staging.breaks("v1.1.0");
        production.settle();
        assertThat(production.status.getCurrentTag()).as("v1.1.0 was rolled back in staging").isEqualTo("v1.0.0");
        assertThat(production.status.getPromotion().getRevoked()).extracting(r -> r.getTag()).contains("v1.1.0");

        staging.upgrade("v1.2.0");
        production.settle();
        assertThat(production.status.getCurrentTag()).isEqualTo("v1.2.0");

        production.rollBackByRequest("v1.0.0");
        assertThat(production.status.getPhase()).isEqualTo(Phase.RolledBack);
        production.settle();
        production.reconcileOnce();
        assertThat(production.status.getCurrentTag()).as("auto does not undo a person's rollback").isEqualTo("v1.0.0");
        assertThat(production.host.calls.stream().filter("up v1.2.0"::equals)).hasSize(1);
    }

    @Test
    @DisplayName("bad input: a release naming itself, or auto with a tag, is refused and runs nothing")
    void badInput() {
        production.spec.getPromotion().setFrom(new ArrayList<>(List.of("production")));
        production.settle();
        assertThat(production.status.getPhase()).isEqualTo(Phase.Failed);
        assertThat(production.condition("Stalled").getMessage()).contains("spec.promotion.from names this release itself (production)");

        production.spec.getPromotion().setFrom(new ArrayList<>(List.of("staging")));
        production.spec.getPromotion().setAuto(true);
        production.changeTag("v1.0.0");
        production.settle();
        assertThat(production.condition("Stalled")).extracting(Condition::getReason, Condition::getMessage)
                .containsExactly(Reason.InvalidSpec.name(), "spec.tag must be left out when spec.promotion.auto is true: the tag follows the upstream's last good tag");
        assertThat(production.host.calls).isEmpty();
    }

    private void releaseBothAt(String tag) {
        staging.changeTag(tag);
        staging.settle();
        clock.advance(Duration.ofSeconds(SOAK));
        production.changeTag(tag);
        production.settle();
        assertThat(production.status.getCurrentTag()).isEqualTo(tag);
    }

    /** One stage: a release, its host, its checks and its engine, reading its upstreams from {@link #stages}. */
    private final class Stage {
        final String name;
        final HoradusReleaseSpec spec;
        HoradusReleaseStatus status = new HoradusReleaseStatus();
        final Fakes.Host host = new Fakes.Host();
        final Fakes.Checks checks = new Fakes.Checks();
        final List<ReleaseEvent> events = new ArrayList<>();
        String brokenTag;
        long generation = 1;
        io.horadus.release.RollbackRequest rollback;
        final Fakes.Rounds rounds;
        final ReleaseEngine engine;

        Stage(String name, String tag) {
            this.name = name;
            spec = ReleaseEngineTest.spec(tag);
            spec.getVerify().setIntervalSeconds(INTERVAL);
            spec.getVerify().setFailureThreshold(THRESHOLD);
            Verifier verifier = (release, verify, services, observed, access) -> host.running != null && host.running.equals(brokenTag)
                    ? new VerificationReport(List.of(new VerificationReport.Check("health", false, "HTTP 503")))
                    : checks.verify(release, verify, services, observed, access);
            rounds = new Fakes.Rounds(host, verifier, clock);
            var ports = new EnginePorts(source, host, host, verifier, host, host,
                    new Fakes.Reviewers(() -> new Approvals.Found(List.of())), upstreams);
            engine = new EngineAssembly(ports, Duration.ofSeconds(5), clock).engine(rounds.rounds);
            stages.put(name, this);
        }

        String key() {
            return "ns/" + name;
        }

        Outcome reconcileOnce() {
            var request = new ReleaseRequest(key(), generation, spec, GitCredentials.NONE, null, null, null, null, null, rollback);
            var outcome = engine.reconcile(request, status, written -> { });
            events.addAll(outcome.events());
            return rounds.recorded(key(), outcome);
        }

        /** Reconciles until the release is released, stalled, or waits (for its upstreams or a reviewer). */
        void settle() {
            for (int i = 0; i < 400; i++) {
                var outcome = reconcileOnce();
                var waits = (status.getPhase() == Phase.AwaitingUpstream || status.getPhase() == Phase.AwaitingApproval)
                        && outcome.requeueAfter().filter(d -> !d.isZero()).isPresent();
                if (Fakes.settled(outcome) || waits) {
                    return;
                }
                clock.advance(outcome.requeueAfter().get());
            }
            throw new AssertionError(name + " did not settle");
        }

        void watchRounds(int count) {
            for (int i = 0; i < count; i++) {
                clock.advance(Duration.ofSeconds(INTERVAL));
                if (rounds.runDue(key())) {
                    reconcileOnce();
                }
            }
        }

        void changeTag(String tag) {
            spec.setTag(tag);
            generation++;
        }

        void upgrade(String tag) {
            changeTag(tag);
            settle();
            assertThat(status.getCurrentTag()).isEqualTo(tag);
        }

        /** {@code tag}'s health fails on this host: the watch rolls it back to the last good tag. */
        void breaks(String tag) {
            brokenTag = tag;
            watchRounds(THRESHOLD);
            settle();
            assertThat(status.getPhase()).isEqualTo(Phase.RolledBack);
        }

        void rollBackByRequest(String to) {
            rollback = new io.horadus.release.RollbackRequest(to, "asked-" + to);
            settle();
        }

        Condition condition(String type) {
            return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                    .orElseThrow(() -> new AssertionError("no condition " + type + " in " + status.getConditions()));
        }
    }
}

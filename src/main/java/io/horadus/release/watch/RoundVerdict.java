package io.horadus.release.watch;

import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.DriftPolicy;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseProgress;
import io.horadus.release.Conditions;
import io.horadus.release.Standing;
import io.horadus.release.StatusSummary;
import io.horadus.release.port.VerificationReport;

import java.time.Instant;
import java.util.Optional;

/**
 * What one observed round of the watch means for the version watched, decided from status, the spec
 * and the round alone: deciding changes nothing, in status or on the host. The engine is the one place
 * that applies a verdict; the watch's rounds ask the same verdict whether applying it would change
 * anything ({@link #changes}), so a passing round of a passing release costs no reconcile and no write.
 *
 * <p>A round is counted (toward verify.failureThreshold, or as a recovery) only when it judges the
 * release's own code running as released. Not counted, with {@link #uncounted} saying why:
 * <ul>
 *   <li>a round whose drift is re-converged: the next round judges the host put back;</li>
 *   <li>services stopped on the release's images (the Docker engine stopped them when it shut down, or a
 *       person did): started again when verify.onDrift is Reconverge, only reported when it is Report;</li>
 *   <li>a failed round that is the first after the Docker engine did not answer: the engine's restart may
 *       have just restarted the services (restart policy), which then need a moment to answer.</li>
 * </ul>
 * The bound: a service started again that stops again on its own, with no passing round in between,
 * is the release failing, not the host. From the second such round on (status.watch.startedAgain), the
 * round is counted as a failed one (and the services are started again meanwhile), so an app that exits
 * on its own is rolled back after failureThreshold + 1 rounds instead of failureThreshold.
 *
 * @param drift        what differs from the version's images on the host, if anything
 * @param drifted      the Drifted condition the round sets; empty when a re-converge decides it
 * @param reconverge   put the version back on the host (spec.verify.onDrift: Reconverge)
 * @param uncounted    why the round is not counted, if it is not: status.watch's count and the watch window are left as they are
 * @param startedAgain the new status.watch.startedAgain, when it changes
 * @param watchRound   what the round does to status.watch ({@link ReleaseWatch#judge}) when counted: failed
 *                     rounds in a row, this one included, its failed checks, and whether the record changes
 * @param rollBack     failureThreshold reached: begin the rollback (or stall, with nothing to return to)
 * @param standing     where the release stands when it is not rolled back
 * @param healthy      the Healthy condition when it is not rolled back
 * @param promote      the watch window has passed: the version becomes the last good one
 */
public record RoundVerdict(Optional<String> drift, Optional<Conditions.Setting> drifted, boolean reconverge, Optional<String> uncounted,
                           Optional<Integer> startedAgain, ReleaseWatch.Round watchRound, boolean rollBack, Standing standing,
                           Conditions.Setting healthy, boolean promote) {

    /** Whether applying the verdict to {@code status} would change it, or the host. */
    public boolean changes(HoradusReleaseStatus status) {
        return reconverge || (counted() && watchRound.changesRecord()) || rollBack || promote || startedAgain.isPresent()
                || drifted.map(d -> !d.heldIn(status)).orElse(false)
                || !StatusSummary.of(standing).heldIn(status)
                || !healthy.heldIn(status);
    }

    /** Whether the round counts: recorded in status.watch, and toward a rollback. */
    public boolean counted() {
        return uncounted.isEmpty();
    }

    /** Drift seen that Drifted=True does not report yet: worth a Warning event. */
    public boolean driftIsNew(HoradusReleaseStatus status) {
        return drift.isPresent() && status.getConditions().stream().noneMatch(c -> ConditionType.Drifted.name().equals(c.getType())
                && ConditionStatus.True.name().equals(c.getStatus()) && drift.get().equals(c.getMessage()));
    }

    /**
     * A round over the release's own released version.
     *
     * @param at the time the verdict is for: a round's own time when the watch asks, the reconcile's when it applies
     */
    public static RoundVerdict ofReleased(HoradusReleaseSpec spec, HoradusReleaseStatus status, WatchRounds.Observed round, Instant at) {
        return released(spec, status, round, at, true);
    }

    /**
     * The same round once the re-converge its verdict asked for failed: the host stays as it was found,
     * and the checks judge it (counted), as they judge any host the watch cannot put back.
     */
    public static RoundVerdict ofReleasedNotReconverged(HoradusReleaseSpec spec, HoradusReleaseStatus status, WatchRounds.Observed round, Instant at) {
        return released(spec, status, round, at, false);
    }

    private static RoundVerdict released(HoradusReleaseSpec spec, HoradusReleaseStatus status, WatchRounds.Observed round, Instant at,
                                         boolean canReconverge) {
        var release = status.getRelease();
        var tag = release.getTag();
        var verify = spec.getVerify();
        var found = Drift.of(release.getImages(), spec.getRollout().getUp(), round.host());
        var drift = found.message();
        var policy = verify.getOnDrift();
        var reconverge = canReconverge && found.present() && policy == DriftPolicy.Reconverge;
        var drifted = reconverge ? Optional.<Conditions.Setting>empty() : Optional.of(drift
                .map(d -> new Conditions.Setting(ConditionType.Drifted, ConditionStatus.True, Reason.Drifted, d))
                .orElseGet(() -> new Conditions.Setting(ConditionType.Drifted, ConditionStatus.False, Reason.AsReleased,
                        "the host runs " + tag + "'s images")));
        var report = round.report();
        var before = ReleaseWatch.startedAgain(status, tag);
        // Services started again count up; a passing round ends the run; anything else leaves it.
        var startedAgain = reconverge && found.stopped() ? before + 1 : report.passed() ? 0 : before;
        var uncounted = uncounted(found, reconverge, policy, before, round.afterOutage(), report.passed());
        var watchRound = ReleaseWatch.judge(status, tag, report, round.at());
        var failures = watchRound.consecutiveFailures();
        var counted = uncounted.isEmpty();
        Conditions.Setting healthy;
        if (report.passed()) {
            healthy = new Conditions.Setting(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, VerificationReport.passedMessage(tag));
        } else if (counted) {
            healthy = new Conditions.Setting(ConditionType.Healthy, ConditionStatus.False, Reason.CheckFailing, failures + " of "
                    + verify.getFailureThreshold() + " failed rounds before a rollback: " + report.failures());
        } else {
            healthy = new Conditions.Setting(ConditionType.Healthy, ConditionStatus.False, Reason.CheckFailing, "not counted toward a rollback ("
                    + uncounted.get() + "): " + report.failures());
        }
        return new RoundVerdict(drift, drifted, reconverge, uncounted, startedAgain == before ? Optional.empty() : Optional.of(startedAgain),
                watchRound, counted && failures >= verify.getFailureThreshold(), new Standing.Released(tag + " is released and verified"),
                healthy, counted && report.passed() && promotionDue(spec, status, release, at));
    }

    /** Why a round over the released version says nothing of its code, if it does not: see the class comment. */
    private static Optional<String> uncounted(Drift drift, boolean reconverge, DriftPolicy policy, int startedBefore, boolean afterOutage,
                                              boolean passed) {
        if (reconverge && !drift.stopped()) {
            return Optional.of("the host was put back to the release's images: the next round judges it");
        }
        if (reconverge && startedBefore == 0) {
            return Optional.of("services stopped on the release's images were started again: the next round judges them");
        }
        if (drift.stopped() && policy == DriftPolicy.Report) {
            return Optional.of("services are stopped on the release's images and verify.onDrift is Report: nothing starts them");
        }
        if (afterOutage && !passed) {
            return Optional.of("the first round since the Docker engine answered again");
        }
        return Optional.empty();
    }

    /** A round over the version a rollback restored: reported, never rolled back again, never re-converged or promoted. */
    public static RoundVerdict ofRestored(HoradusReleaseStatus status, WatchRounds.Observed round) {
        var record = status.getRollback();
        var tag = record.getToTag();
        var report = round.report();
        var healthy = report.passed()
                ? new Conditions.Setting(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, tag + " passes its checks")
                : new Conditions.Setting(ConditionType.Healthy, ConditionStatus.False, Reason.HealthFailed, tag + ": " + report.failures());
        return new RoundVerdict(Optional.empty(), Optional.empty(), false, Optional.empty(), Optional.empty(),
                ReleaseWatch.judge(status, tag, report, round.at()), false,
                new Standing.RolledBack(rolledBackReason(status), rolledBackMessage(status)), healthy, false);
    }

    /**
     * Whether {@code release} has been watched long enough (verify.watchSeconds since its rollout) to
     * become the last good release, and is not that already.
     */
    public static boolean promotionDue(HoradusReleaseSpec spec, HoradusReleaseStatus status, ReleaseProgress release, Instant at) {
        if (release.getTag().equals(status.getLastGoodTag()) && release.getCommit().equals(status.getLastGoodCommit())) {
            return false;
        }
        var rolledOut = release.getRolledOutAt() != null ? Instant.parse(release.getRolledOutAt()) : at;
        return !at.isBefore(rolledOut.plusSeconds(spec.getVerify().getWatchSeconds()));
    }

    /** Why the restored version runs: failed checks (RolledBack), or a person's request (RolledBackByRequest). */
    public static Reason rolledBackReason(HoradusReleaseStatus status) {
        return status.getRollback().getRequestToken() != null ? Reason.RolledBackByRequest : Reason.RolledBack;
    }

    /** What the RolledBack condition says: the message Ready and Stalled carried when the rollback ended. */
    public static String rolledBackMessage(HoradusReleaseStatus status) {
        return status.getConditions().stream().filter(c -> c.getType().equals(ConditionType.RolledBack.name())).findFirst()
                .map(io.horadus.api.Condition::getMessage)
                .orElse(status.getRollback().getFromTag() + " rolled back to " + status.getRollback().getToTag());
    }
}

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
 * @param drift        what differs from the version's images on the host, if anything
 * @param drifted      the Drifted condition the round sets; empty when a re-converge decides it
 * @param reconverge   put the version back on the host (spec.verify.onDrift: Reconverge)
 * @param watchRound   what the round does to status.watch ({@link ReleaseWatch#judge}): failed rounds in a
 *                     row, this one included, its failed checks, and whether the record changes
 * @param rollBack     failureThreshold reached: begin the rollback (or stall, with nothing to return to)
 * @param standing     where the release stands when it is not rolled back
 * @param healthy      the Healthy condition when it is not rolled back
 * @param promote      the watch window has passed: the version becomes the last good one
 */
public record RoundVerdict(Optional<String> drift, Optional<Conditions.Setting> drifted, boolean reconverge,
                           ReleaseWatch.Round watchRound, boolean rollBack, Standing standing, Conditions.Setting healthy, boolean promote) {

    /** Whether applying the verdict to {@code status} would change it, or the host. */
    public boolean changes(HoradusReleaseStatus status) {
        return reconverge || watchRound.changesRecord() || rollBack || promote
                || drifted.map(d -> !d.heldIn(status)).orElse(false)
                || !StatusSummary.of(standing).heldIn(status)
                || !healthy.heldIn(status);
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
        var release = status.getRelease();
        var tag = release.getTag();
        var verify = spec.getVerify();
        var drift = Drift.of(release.getImages(), spec.getRollout().getUp(), round.host());
        var reconverge = drift.isPresent() && verify.getOnDrift() == DriftPolicy.Reconverge;
        var drifted = reconverge ? Optional.<Conditions.Setting>empty() : Optional.of(drift
                .map(d -> new Conditions.Setting(ConditionType.Drifted, ConditionStatus.True, Reason.Drifted, d))
                .orElseGet(() -> new Conditions.Setting(ConditionType.Drifted, ConditionStatus.False, Reason.AsReleased,
                        "the host runs " + tag + "'s images")));
        var report = round.report();
        var watchRound = ReleaseWatch.judge(status, tag, report, round.at());
        var failures = watchRound.consecutiveFailures();
        var healthy = report.passed()
                ? new Conditions.Setting(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, VerificationReport.passedMessage(tag))
                : new Conditions.Setting(ConditionType.Healthy, ConditionStatus.False, Reason.CheckFailing, failures + " of "
                + verify.getFailureThreshold() + " failed rounds before a rollback: " + report.failures());
        return new RoundVerdict(drift, drifted, reconverge, watchRound, failures >= verify.getFailureThreshold(),
                new Standing.Released(tag + " is released and verified"), healthy,
                report.passed() && promotionDue(spec, status, release, at));
    }

    /** A round over the version a rollback restored: reported, never rolled back again, never re-converged or promoted. */
    public static RoundVerdict ofRestored(HoradusReleaseStatus status, WatchRounds.Observed round) {
        var record = status.getRollback();
        var tag = record.getToTag();
        var report = round.report();
        var healthy = report.passed()
                ? new Conditions.Setting(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, tag + " passes its checks")
                : new Conditions.Setting(ConditionType.Healthy, ConditionStatus.False, Reason.HealthFailed, tag + ": " + report.failures());
        return new RoundVerdict(Optional.empty(), Optional.empty(), false, ReleaseWatch.judge(status, tag, report, round.at()), false,
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

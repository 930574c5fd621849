package io.horadus.release.promotion;

import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Step;
import io.horadus.api.StepState;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The rule of one upstream, read from its status alone (facts it recorded, never its spec): the same tag
 * released as the same commit, verified, and watched healthy for the soak time without a rollback. The
 * soak counts from the verification, or from the last recovery when a round failed since. A tag the
 * upstream has moved on from counts when its history shows it verified and running at least the soak time
 * before the next release began.
 */
final class UpstreamJudge {

    private UpstreamJudge() {
    }

    static Verdict judge(String name, Optional<HoradusReleaseStatus> found, String tag, String commit, Duration soak, Instant now) {
        if (found.isEmpty()) {
            return Verdict.of(name, Reason.UpstreamNotReleased, "release " + name + " is not found in this namespace");
        }
        var upstream = found.get();
        var revoked = Revocations.find(Revocations.of(name, upstream), tag);
        if (revoked.isPresent()) {
            return Verdict.of(name, Reason.UpstreamRolledBack, Revocations.describe(revoked.get()) + ": it is not promoted from there");
        }
        var release = upstream.getRelease();
        if (release != null && tag.equals(release.getTag())) {
            if (release.getCommit() != null && !release.getCommit().equals(commit)) {
                return mismatch(name, tag, release.getCommit(), commit);
            }
            if (release.getStep() == Step.Done && release.getStepState() != StepState.Failed) {
                return running(name, upstream, release, tag, soak, now);
            }
            if (release.getStepState() == StepState.Failed) {
                return Verdict.of(name, Reason.UpstreamNotReleased, name + "'s release of " + tag + " failed at step " + release.getStep());
            }
            return Verdict.of(name, Reason.UpstreamNotReleased, name + " is releasing " + tag + " (step " + release.getStep() + ")");
        }
        var history = upstream.getHistory();
        for (int i = 0; i < history.size(); i++) {
            var entry = history.get(i);
            if (!tag.equals(entry.getTag()) || entry.getOutcome() != ReleaseOutcome.Succeeded) {
                continue;
            }
            if (entry.getCommit() != null && !entry.getCommit().equals(commit)) {
                return mismatch(name, tag, entry.getCommit(), commit);
            }
            return ranBefore(name, upstream, history.get(i), i == 0 ? null : history.get(i - 1), release, tag, soak);
        }
        var runs = upstream.getCurrentTag() == null ? "it runs no release yet" : "it runs " + upstream.getCurrentTag();
        return Verdict.of(name, Reason.UpstreamNotReleased, name + " has not released " + tag + " (" + runs + ")");
    }

    /** The upstream runs the tag, released and verified: healthy now, and for how long. */
    private static Verdict running(String name, HoradusReleaseStatus upstream, ReleaseProgress release, String tag, Duration soak, Instant now) {
        var verified = Optional.ofNullable(release.getVerifiedAt()).map(Instant::parse).orElse(now);
        var healthySince = verified;
        var watch = upstream.getWatch();
        if (watch != null && tag.equals(watch.getTag())) {
            var failing = watch.getConsecutiveFailures() == null ? 0 : watch.getConsecutiveFailures();
            if (failing > 0) {
                var checks = watch.getFailedChecks().stream().map(c -> c.getName()).toList();
                return new Verdict(name, Reason.UpstreamNotHealthy, name + " released " + tag + " but its checks fail ("
                        + failing + " round(s) in a row" + (checks.isEmpty() ? "" : ": " + String.join(", ", checks)) + ")",
                        Optional.ofNullable(release.getCommit()), Optional.of(verified), Optional.empty());
            }
            var failedRounds = watch.getFailedRounds() == null ? 0 : watch.getFailedRounds();
            if (failedRounds > 0 && watch.getLastCheckTime() != null) {
                var recovered = Instant.parse(watch.getLastCheckTime());
                healthySince = recovered.isAfter(healthySince) ? recovered : healthySince;
            }
        }
        var ends = healthySince.plus(soak);
        var commit = Optional.ofNullable(release.getCommit());
        if (now.isBefore(ends)) {
            return new Verdict(name, Reason.SoakPending, name + " verified " + tag + " at " + verified + " and runs it healthy since "
                    + healthySince + "; the soak of " + soak.toSeconds() + "s ends at " + ends, commit, Optional.of(verified), Optional.of(ends));
        }
        return new Verdict(name, Reason.UpstreamVerified, name + " verified " + tag + " (commit " + Commits.brief(release.getCommit()) + ") at "
                + verified + " and has run it healthy since " + healthySince + " (soak " + soak.toSeconds() + "s)", commit, Optional.of(verified),
                Optional.empty());
    }

    /**
     * The upstream released the tag and has moved on: it counts when it ran at least the soak time after its
     * verification, until the next release began (a conservative end: the tag ran on until that one's rollout).
     */
    private static Verdict ranBefore(String name, HoradusReleaseStatus upstream, HistoryEntry entry, HistoryEntry next, ReleaseProgress current,
                                     String tag, Duration soak) {
        var verified = Instant.parse(entry.getFinishedAt());
        var nextStarted = next != null ? next.getStartedAt() : current == null ? null : current.getStartedAt();
        var ended = nextStarted == null ? verified : Instant.parse(nextStarted);
        var ran = Duration.between(verified, ended);
        var commit = Optional.ofNullable(entry.getCommit());
        var now = Objects.requireNonNullElse(upstream.getCurrentTag(), "nothing");
        if (ran.compareTo(soak) < 0) {
            return new Verdict(name, Reason.UpstreamNotReleased, name + " ran " + tag + " for " + Math.max(0, ran.toSeconds())
                    + "s after verifying it, less than the soak of " + soak.toSeconds() + "s, and runs " + now + " now",
                    commit, Optional.of(verified), Optional.empty());
        }
        return new Verdict(name, Reason.UpstreamVerified, name + " verified " + tag + " (commit " + Commits.brief(entry.getCommit()) + ") at "
                + verified + " and ran it until " + ended + " (soak " + soak.toSeconds() + "s); it runs " + now + " now",
                commit, Optional.of(verified), Optional.empty());
    }

    private static Verdict mismatch(String name, String tag, String upstreamCommit, String commit) {
        return new Verdict(name, Reason.CommitMismatch, name + " released " + tag + " as commit " + Commits.brief(upstreamCommit)
                + ", but here it resolved to " + Commits.brief(commit) + ": the tag was moved; only the commit verified upstream may be promoted",
                Optional.ofNullable(upstreamCommit), Optional.empty(), Optional.empty());
    }
}

package io.horadus.release.rollback;

import io.horadus.api.CheckResult;
import io.horadus.api.Condition;
import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.GoodRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.RollbackRecord;
import io.horadus.api.RollbackState;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.release.Conditions;
import io.horadus.release.Outcome;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.Standing;
import io.horadus.release.StatusRecords;
import io.horadus.release.StatusSummary;
import io.horadus.release.Timestamps;
import io.horadus.release.VerifyPace;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRefusedException;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.watch.ReleaseWatch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runbook's rollback procedure: put the last good release back (its kept images, or a rebuild
 * from a checkout of its tag when they are gone), `up -d` the declared services, verify it, and
 * record the incident. Never migrates. Each stage is recorded in status.rollback before the next
 * begins, so an operator killed midway resumes it; restoring is safe to repeat (a re-tag and another
 * `up -d`).
 */
public final class Rollbacks {

    private final ReleaseWatch watch;
    private final ImageSnapshots snapshots;
    private final ComposeHost compose;
    private final ReleaseSource source;
    private final Clock clock;
    private final DownMigrations downMigrations;
    private final PutBack putBack;

    public Rollbacks(ReleaseWatch watch, ImageSnapshots snapshots, ComposeHost compose, HostObserver observer, ReleaseSource source, Clock clock) {
        this.watch = watch;
        this.snapshots = snapshots;
        this.compose = compose;
        this.source = source;
        this.clock = clock;
        this.downMigrations = new DownMigrations(compose, observer, source, clock);
        this.putBack = new PutBack(snapshots, compose, source);
    }

    /** The newest good release other than {@code tag}: what a rollback of {@code tag} returns to. */
    public static Optional<GoodRelease> target(HoradusReleaseStatus status, String tag) {
        var kept = status.getGoodReleases().stream().filter(g -> !g.getTag().equals(tag)).findFirst();
        if (kept.isPresent() || status.getLastGoodTag() == null || status.getLastGoodTag().equals(tag)) {
            return kept;
        }
        // A last good tag from before the operator kept snapshots: returned to by a rebuild.
        var recorded = new GoodRelease();
        recorded.setTag(status.getLastGoodTag());
        recorded.setCommit(status.getLastGoodCommit());
        return Optional.of(recorded);
    }

    /**
     * The checks of {@code release} stay failed: start the rollback, or, when there is nothing to
     * return to or rollback is off, stall with HealthFailed and keep watching (nothing is removed).
     */
    public Outcome begin(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, List<CheckResult> failed,
                  Conditions conditions, List<ReleaseEvent> events, Instant now) {
        conditions.set(ConditionType.Healthy, ConditionStatus.False, Reason.HealthFailed, describe(failed));
        return start(request, status, release, failed, Optional.empty(), conditions, events, now);
    }

    /**
     * An upstream rolled back the tag this release runs and spec.promotion.onUpstreamRollback is RollBack:
     * the same rollback, for that reason (this release's own checks may well pass).
     *
     * @param upstream what the upstream did, in words ("staging rolled back v1.2.0 (commit ...)")
     */
    public Outcome followUpstream(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, String upstream,
                                  Conditions conditions, List<ReleaseEvent> events, Instant now) {
        return start(request, status, release, List.of(), Optional.of(upstream), conditions, events, now);
    }

    private Outcome start(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, List<CheckResult> failed,
                          Optional<String> upstream, Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var failures = upstream.orElseGet(() -> describe(failed));
        var target = target(status, release.getTag());
        if (!request.spec().getRollback().isEnabled() || target.isEmpty()) {
            var why = target.isEmpty() ? "there is no last good tag to return to; nothing was removed"
                    : "spec.rollback.enabled is false";
            if (upstream.isPresent()) {
                // Its own checks pass: the release stays as it is, reported (UpstreamVerified says why).
                events.add(ReleaseEvent.warning(Reason.UpstreamRolledBack, release.getTag() + " is not rolled back here: " + why));
                return new Outcome(status, Optional.of(interval(request)), events);
            }
            if (status.getPhase() != Phase.Failed) {
                events.add(ReleaseEvent.warning(Reason.HealthFailed, release.getTag() + " stays failed (" + failures + "); " + why));
            }
            StatusSummary.record(conditions, new Standing.Failed(Reason.HealthFailed, release.getTag() + " stays failed: " + failures + "; " + why));
            return new Outcome(status, Optional.of(interval(request)), events);
        }
        var good = target.get();
        var record = new RollbackRecord();
        record.setFromTag(release.getTag());
        record.setFromCommit(release.getCommit());
        record.setToTag(good.getTag());
        record.setToCommit(good.getCommit());
        record.setState(RollbackState.Restoring);
        record.setMigrated(migrated(release, conditions));
        record.setDetectedAt(Timestamps.format(now));
        record.setStateSince(Timestamps.format(now));
        record.setFailedChecks(new ArrayList<>(failed));
        record.setUpstream(upstream.orElse(null));
        status.setRollback(record);
        demote(request, status, release.getTag(), good);
        release.setStep(Step.RollBack);
        release.setStepState(StepState.Started);
        release.setStepStartedAt(Timestamps.format(now));
        StatusSummary.record(conditions, new Standing.RollingBack("rolling back " + release.getTag() + " to " + good.getTag() + ": " + failures));
        events.add(ReleaseEvent.warning(Reason.RollingBack, upstream.isPresent()
                ? upstream.get() + ": rolling " + release.getTag() + " back to " + good.getTag() + " here too"
                : release.getTag() + " stays failed (" + failures + "): rolling back to " + good.getTag()));
        return new Outcome(status, Optional.of(Duration.ZERO), events);
    }

    /**
     * A person's rollback request not acted on yet (its token is not status.rollbackToken): begins the
     * rollback to the kept release asked for, or refuses it with the RollbackRequest condition and an
     * Event, running nothing. The token is recorded either way, so a request is acted on once. The
     * rollback then runs as the automatic one does (down-migration by the same rule, put back from the
     * kept images, verified), and ends RolledBackByRequest.
     *
     * @return the outcome of the rollback begun; empty when refused (the release goes on as it stood)
     */
    public Optional<Outcome> ask(ReleaseRequest request, HoradusReleaseStatus status, Conditions conditions, List<ReleaseEvent> events,
                                 Instant now) {
        var asked = request.rollback();
        status.setRollbackToken(asked.token());
        var decision = RequestedRollback.decide(asked, status);
        if (decision instanceof RequestedRollback.Decision.Refuse refused) {
            conditions.set(ConditionType.RollbackRequest, ConditionStatus.False, Reason.RollbackRefused, refused.message());
            events.add(ReleaseEvent.warning(Reason.RollbackRefused, "rollback to " + asked.target() + " refused: " + refused.message()));
            return Optional.empty();
        }
        var good = ((RequestedRollback.Decision.Serve) decision).target();
        var release = status.getRelease();
        var from = status.getCurrentTag();
        var record = new RollbackRecord();
        record.setRequestToken(asked.token());
        record.setFromTag(from);
        record.setFromCommit(status.getCurrentCommit());
        record.setToTag(good.getTag());
        record.setToCommit(good.getCommit());
        record.setState(RollbackState.Restoring);
        // Only the release the host runs, released by its own last attempt, may have migrated the database for
        // this rollback to undo; a release already rolled back had its down-migration, if any, in that rollback.
        record.setMigrated(from.equals(release.getTag()) && release.getStep() != Step.RollBack && migrated(release, conditions));
        record.setDetectedAt(Timestamps.format(now));
        record.setStateSince(Timestamps.format(now));
        status.setRollback(record);
        conditions.remove(ConditionType.RollbackRequest);
        demote(request, status, from, good);
        release.setStep(Step.RollBack);
        release.setStepState(StepState.Started);
        release.setStepStartedAt(Timestamps.format(now));
        var message = "rolling back " + from + " to " + good.getTag() + " on request";
        StatusSummary.record(conditions, new Standing.RollingBack(message));
        events.add(ReleaseEvent.normal(Reason.RollingBack, message));
        return Optional.of(new Outcome(status, Optional.of(Duration.ZERO), events));
    }

    /** One stage of the rollback recorded in status.rollback, or the watch over what it restored. */
    public Outcome resume(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release,
                   Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var record = status.getRollback();
        return switch (record.getState()) {
            case Restoring -> restore(request, status, release, record, conditions, events, now);
            case Verifying -> verifyRestored(request, status, release, record, conditions, events, now);
            // The restored version's watch: its rounds are applied by the engine (watchRestored).
            case RolledBack -> new Outcome(status, Optional.of(interval(request)), events);
            case Failed -> {
                StatusSummary.record(conditions, new Standing.Failed(Reason.RollbackFailed, record.getMessage()));
                yield new Outcome(status, Optional.empty(), events);
            }
        };
    }

    private Outcome restore(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, RollbackRecord record,
                            Conditions conditions, List<ReleaseEvent> events, Instant now) {
        StatusSummary.record(conditions, new Standing.RollingBack("rolling back " + record.getFromTag() + " to " + record.getToTag()));
        var down = downMigrations.advance(request, status, record);
        if (down instanceof DownMigrations.Next.Fail failure) {
            return fail(status, release, record, failure.message(), conditions, events, clock.instant());
        }
        if (down instanceof DownMigrations.Next.Wait wait) {
            StatusSummary.record(conditions, new Standing.RollingBack("rolling back " + record.getFromTag() + " to " + record.getToTag()
                    + ": " + wait.message()));
            return new Outcome(status, Optional.of(wait.after()), events);
        }
        var kept = status.getGoodReleases().stream().filter(g -> g.getTag().equals(record.getToTag()))
                .findFirst().map(GoodRelease::getImages).orElse(List.of());
        PutBack.Result putBack;
        try {
            putBack = this.putBack.putBack(request, record.getToTag(), record.getToCommit(), kept, true);
        } catch (SourceRefusedException refused) {
            // The last good commit is gone from the remote: nothing to put back from, and retrying cannot help.
            return fail(status, release, record, "cannot check out " + record.getToTag() + ": " + refused.getMessage(), conditions, events, now);
        }
        record.setRestoredFrom(putBack.from().name());
        var result = putBack.command();
        var finished = clock.instant();
        StatusRecords.recordCommand(status, Step.RollBack, result, finished);
        if (!result.succeeded()) {
            var last = result.lastLine();
            return fail(status, release, record, "putting " + record.getToTag() + " back failed with exit code " + result.exitCode()
                    + (last.isEmpty() ? "" : ": " + last), conditions, events, finished);
        }
        status.setCurrentTag(record.getToTag());
        status.setCurrentCommit(record.getToCommit());
        record.setState(RollbackState.Verifying);
        record.setStateSince(Timestamps.format(finished));
        events.add(ReleaseEvent.normal(Reason.RollbackRestored, record.getToTag() + " restored from " + record.getRestoredFrom().toLowerCase()
                + StatusRecords.commandSummary(Optional.of(result))));
        return new Outcome(status, Optional.of(Duration.ZERO), events);
    }

    private Outcome verifyRestored(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, RollbackRecord record,
                                   Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var round = watch.round(request, status, record.getToTag(), now);
        if (round.passed()) {
            record.setState(RollbackState.RolledBack);
            record.setFinishedAt(Timestamps.format(now));
            release.setStepState(StepState.Failed);
            var requested = record.getRequestToken() != null;
            var reason = requested ? Reason.RolledBackByRequest : Reason.RolledBack;
            var message = requested ? "Rolled back to " + record.getToTag() + " on request (from " + record.getFromTag() + ")"
                    : record.getUpstream() != null ? record.getFromTag() + " rolled back to " + record.getToTag() + " after an upstream rolled it back: "
                    + record.getUpstream()
                    : record.getFromTag() + " rolled back to " + record.getToTag() + " after its checks stayed failed: "
                    + describe(record.getFailedChecks());
            conditions.set(ConditionType.RolledBack, ConditionStatus.True, reason, message);
            conditions.set(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, record.getToTag() + " passes its checks");
            StatusSummary.record(conditions, new Standing.RolledBack(reason, message));
            StatusRecords.addHistory(status, left(release, record), ReleaseOutcome.RolledBack, reason, message, now);
            var told = message + (Boolean.TRUE.equals(record.getMigrated())
                    ? (record.getDownMigrationExitCode() != null
                    ? " (" + record.getFromTag() + " had migrated the database; its down-migration ran)"
                    : " (" + record.getFromTag() + " had migrated the database; no down-migration was run)") : "");
            // What a person asked for is news, not a warning; failed checks are.
            events.add(requested ? ReleaseEvent.normal(reason, told) : ReleaseEvent.warning(reason, told));
            return new Outcome(status, Optional.of(interval(request)), events);
        }
        var elapsed = Duration.between(Instant.parse(record.getStateSince()), now);
        if (elapsed.compareTo(Duration.ofSeconds(request.spec().getVerify().getTimeoutSeconds())) >= 0) {
            return fail(status, release, record, record.getToTag() + " put back but its checks fail after " + elapsed.toSeconds() + "s: "
                    + round.report().failures(), conditions, events, now);
        }
        StatusSummary.record(conditions, new Standing.RollingBack("verifying " + record.getToTag() + ": " + round.report().failures()));
        return new Outcome(status, Optional.of(VerifyPace.next(elapsed, request.spec().getVerify().getIntervalSeconds())), events);
    }

    private Outcome fail(HoradusReleaseStatus status, ReleaseProgress release, RollbackRecord record, String message,
                         Conditions conditions, List<ReleaseEvent> events, Instant now) {
        record.setState(RollbackState.Failed);
        record.setMessage(message);
        record.setFinishedAt(Timestamps.format(now));
        release.setStepState(StepState.Failed);
        conditions.set(ConditionType.RolledBack, ConditionStatus.False, Reason.RollbackFailed, message);
        StatusSummary.record(conditions, new Standing.Failed(Reason.RollbackFailed, message));
        StatusRecords.addHistory(status, left(release, record), ReleaseOutcome.Failed, Reason.RollbackFailed, message, now);
        events.add(ReleaseEvent.warning(Reason.RollbackFailed, message));
        return new Outcome(status, Optional.empty(), events);
    }

    /**
     * A release whose checks stay failed (or that a person rolled back from) is not good, even if it
     * passed its watch window earlier: the last good tag becomes the one the rollback returns to, and
     * the left release's snapshots go.
     */
    private void demote(ReleaseRequest request, HoradusReleaseStatus status, String left, GoodRelease good) {
        var failed = status.getGoodReleases().stream().filter(g -> g.getTag().equals(left) && !g.getTag().equals(good.getTag())).findFirst();
        failed.ifPresent(g -> {
            status.getGoodReleases().remove(g);
            snapshots.release(request.target(), g.getImages());
        });
        status.setLastGoodTag(good.getTag());
        status.setLastGoodCommit(good.getCommit());
    }

    /**
     * Whether the failing release ran its migration: the database may now hold its schema. Two facts of
     * status, no reason text: a run was started for this attempt (release.migrationRun is named only when
     * the migration is enabled and about to run) and the Migrate step ended done (Migrated=True). Not
     * release.migrationExitCode alone: compose may report success for a run whose container could not
     * be found afterwards, and then no code is recorded.
     */
    private static boolean migrated(ReleaseProgress release, Conditions conditions) {
        return release.getMigrationRun() != null
                && conditions.get(ConditionType.Migrated).filter(c -> ConditionStatus.True.name().equals(c.getStatus())).isPresent();
    }

    /**
     * The release the rollback left, as its history entry names it: the release's own attempt, or, when a
     * person rolled back from a version other than the last attempted tag (that attempt failed before it
     * ran), the version the host ran.
     */
    private static ReleaseProgress left(ReleaseProgress release, RollbackRecord record) {
        if (record.getFromTag() == null || record.getFromTag().equals(release.getTag())) {
            return release;
        }
        var ran = new ReleaseProgress();
        ran.setTag(record.getFromTag());
        ran.setCommit(record.getFromCommit());
        ran.setStartedAt(record.getDetectedAt());
        return ran;
    }

    private static Duration interval(ReleaseRequest request) {
        return Duration.ofSeconds(request.spec().getVerify().getIntervalSeconds());
    }

    static String describe(List<CheckResult> failed) {
        return failed.stream().map(c -> c.getName() + ": " + c.getDetail()).collect(Collectors.joining("; "));
    }
}

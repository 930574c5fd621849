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
        var failures = describe(failed);
        var target = target(status, release.getTag());
        conditions.set(ConditionType.Healthy, ConditionStatus.False, Reason.HealthFailed, failures);
        if (!request.spec().getRollback().isEnabled() || target.isEmpty()) {
            var why = target.isEmpty() ? "there is no last good tag to return to; nothing was removed"
                    : "spec.rollback.enabled is false";
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
        status.setRollback(record);
        demote(request, status, release, good);
        release.setStep(Step.RollBack);
        release.setStepState(StepState.Started);
        release.setStepStartedAt(Timestamps.format(now));
        StatusSummary.record(conditions, new Standing.RollingBack("rolling back " + release.getTag() + " to " + good.getTag() + ": " + failures));
        events.add(ReleaseEvent.warning(Reason.RollingBack, release.getTag() + " stays failed (" + failures + "): rolling back to " + good.getTag()));
        return new Outcome(status, Optional.of(Duration.ZERO), events);
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
            var message = record.getFromTag() + " rolled back to " + record.getToTag() + " after its checks stayed failed: "
                    + describe(record.getFailedChecks());
            conditions.set(ConditionType.RolledBack, ConditionStatus.True, Reason.RolledBack, message);
            conditions.set(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, record.getToTag() + " passes its checks");
            StatusSummary.record(conditions, new Standing.RolledBack(message));
            StatusRecords.addHistory(status, release, ReleaseOutcome.RolledBack, Reason.RolledBack, message, now);
            events.add(ReleaseEvent.warning(Reason.RolledBack, message + (Boolean.TRUE.equals(record.getMigrated())
                    ? (record.getDownMigrationExitCode() != null
                    ? " (" + record.getFromTag() + " had migrated the database; its down-migration ran)"
                    : " (" + record.getFromTag() + " had migrated the database; no down-migration was run)") : "")));
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
        StatusRecords.addHistory(status, release, ReleaseOutcome.Failed, Reason.RollbackFailed, message, now);
        events.add(ReleaseEvent.warning(Reason.RollbackFailed, message));
        return new Outcome(status, Optional.empty(), events);
    }

    /**
     * A release whose checks stay failed is not good, even if it passed its watch window earlier: the
     * last good tag becomes the one the rollback returns to, and the failed release's snapshots go.
     */
    private void demote(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, GoodRelease good) {
        var failed = status.getGoodReleases().stream().filter(g -> g.getTag().equals(release.getTag())).findFirst();
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

    private static Duration interval(ReleaseRequest request) {
        return Duration.ofSeconds(request.spec().getVerify().getIntervalSeconds());
    }

    static String describe(List<CheckResult> failed) {
        return failed.stream().map(c -> c.getName() + ": " + c.getDetail()).collect(Collectors.joining("; "));
    }
}

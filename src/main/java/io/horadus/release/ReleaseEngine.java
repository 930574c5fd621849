package io.horadus.release;

import io.horadus.api.CheckResult;
import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.GoodRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.RollbackState;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.api.UpstreamRollbackPolicy;
import io.horadus.release.notes.ReleaseNotesFinder;
import io.horadus.release.promotion.Promotion;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.SourceRefusedException;
import io.horadus.release.rollback.ImageSnapshots;
import io.horadus.release.rollback.PutBack;
import io.horadus.release.rollback.Rollbacks;
import io.horadus.release.spec.SpecValidator;
import io.horadus.release.watch.ReleaseWatch;
import io.horadus.release.watch.RoundVerdict;
import io.horadus.release.watch.WatchRounds;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The release step machine. One call runs at most one step: it decides from (spec, status, now) what
 * comes next, records the intent in status before the step may touch the host, runs the step, and
 * records the result. A repeatable next step's intent is part of that result, so the outcome's status
 * must be persisted before the next call ({@link io.horadus.release.driver.ReleaseDriver} does); a step
 * that is not repeatable writes its intent itself through the {@link StatusWriter}. Waiting is a requeue,
 * never a sleep. Knows nothing of its driver: it is handed the spec, its revision, secret material and a
 * way to persist status.
 *
 * <p>The pipeline is the list of steps given to the constructor, in order; a release moves through it
 * and ends in {@link Step#Done}. New kinds of steps (gates, approvals) slot in as entries of that list.
 */
public final class ReleaseEngine {

    private static final Map<Step, ConditionType> STEP_CONDITION = Map.of(
            Step.Resolve, ConditionType.SourceReady,
            Step.Upstream, ConditionType.UpstreamVerified,
            Step.Gate, ConditionType.GatesPassed,
            Step.Approve, ConditionType.Approved,
            Step.Build, ConditionType.Built,
            Step.Migrate, ConditionType.Migrated,
            Step.RollOut, ConditionType.RolledOut,
            Step.Verify, ConditionType.Healthy);

    private final List<Step> pipeline;
    private final Map<Step, ReleaseStep> steps = new EnumMap<>(Step.class);

    /** The conditions a watch round sets; a reconcile without a round re-stamps them with the spec's revision. */
    private static final List<ConditionType> WATCH_CONDITIONS = List.of(ConditionType.Ready, ConditionType.Reconciling,
            ConditionType.Stalled, ConditionType.Healthy, ConditionType.Drifted);

    private final ReleaseWatch watch;
    private final WatchRounds rounds;
    private final Rollbacks rollbacks;
    private final ImageSnapshots snapshots;
    private final PutBack putBack;
    private final Promotion promotion;
    private final Clock clock;

    /** The steps before the build is done: an upstream's rollback of the tag stops a release in them. */
    private static final Set<Step> NOT_BUILT = Set.of(Step.Gate, Step.Approve, Step.Build);

    /**
     * @param watch     the checks of a released version, round after round
     * @param rounds    runs those rounds off the reconcile threads; a reconcile applies what they found
     * @param rollbacks what runs when they stay failed
     * @param snapshots the kept images, released when a good release drops out of spec.rollback.keep
     * @param putBack   puts the released version back on a drifted host (re-converge)
     * @param promotion stages: what the upstreams of spec.promotion say
     */
    public ReleaseEngine(List<ReleaseStep> pipeline, ReleaseWatch watch, WatchRounds rounds, Rollbacks rollbacks,
                         ImageSnapshots snapshots, PutBack putBack, Promotion promotion, Clock clock) {
        this.pipeline = pipeline.stream().map(ReleaseStep::step).toList();
        pipeline.forEach(step -> steps.put(step.step(), step));
        this.watch = watch;
        this.rounds = rounds;
        this.rollbacks = rollbacks;
        this.snapshots = snapshots;
        this.putBack = putBack;
        this.promotion = promotion;
        this.clock = clock;
    }

    public Outcome reconcile(ReleaseRequest asked, HoradusReleaseStatus status, StatusWriter intent) {
        var now = clock.instant();
        var events = new ArrayList<ReleaseEvent>();
        var conditions = new Conditions(status, asked.revision(), now);
        var request = asked;
        status.setObservedGeneration(request.revision());
        if (!Promotion.auto(request.spec())) {
            status.setDesiredTag(request.spec().getTag());
        }

        if (request.spec().isSuspend()) {
            StatusSummary.record(conditions, new Standing.Suspended("spec.suspend is true: the operator does not act until it is false"));
            return new Outcome(status, Optional.empty(), events);
        }
        var problems = SpecValidator.problems(request.spec());
        if (!problems.isEmpty()) {
            StatusSummary.record(conditions, new Standing.Failed(Reason.InvalidSpec, String.join("; ", problems)));
            return new Outcome(status, Optional.empty(), events);
        }
        if (Promotion.auto(request.spec())) {
            var chosen = promotion.autoTag(request, status, now);
            if (chosen.isEmpty()) {
                var message = promotion.nothingToFollow(request);
                conditions.set(ConditionType.UpstreamVerified, ConditionStatus.Unknown, Reason.UpstreamNotReleased, message);
                StatusSummary.record(conditions, new Standing.Working(Step.Upstream, Reason.UpstreamNotReleased, message));
                return new Outcome(status, Optional.of(promotion.poll()), events);
            }
            request = request.withTag(chosen.get());
            status.setDesiredTag(chosen.get());
        } else if (Promotion.applies(request.spec())) {
            promotion.remember(request, status, now);
        }

        var release = status.getRelease();
        if (startsNewRelease(release, request, status)) {
            release = begin(status, request, now, conditions, events);
        }
        if (rollbackAsked(request, status)) {
            var begun = rollbacks.ask(request, status, conditions, events, now);
            if (begun.isPresent()) {
                return begun.get();
            }
            release = status.getRelease();
        }
        if (release.getStep() == Step.RollBack) {
            if (status.getRollback() != null && status.getRollback().getState() == RollbackState.RolledBack) {
                return watchRestored(request, status, conditions, events, now);
            }
            return watched(request, rollbacks.resume(request, status, release, conditions, events, now), true, 0);
        }
        if (release.getStepState() == StepState.Failed) {
            StatusSummary.record(conditions, failedStep(release, conditions));
            return new Outcome(status, Optional.empty(), events);
        }
        if (release.getStep() == Step.Done) {
            if (Promotion.applies(request.spec())) {
                var revoked = revokedReleased(request, status, release, conditions, events, now);
                if (revoked.isPresent()) {
                    return revoked.get();
                }
            }
            return watchReleased(request, status, release, conditions, events, now);
        }
        return watched(request, runStep(request, status, release, conditions, events, now, intent), true, 0);
    }

    /**
     * An outcome that leaves a released version to watch (the release's own, Ready or stalled with
     * HealthFailed; or the one a rollback restored) carries the watch's plan instead of a requeue: its
     * rounds run off the reconcile threads and ask for a reconcile only when one changes something.
     *
     * @param entered whether this reconcile released (or restored) the version: its first round is an
     *                interval away; otherwise a watch not running yet (after a restart) begins at once
     * @param applied the round this reconcile applied, 0 for none
     */
    private Outcome watched(ReleaseRequest request, Outcome outcome, boolean entered, long applied) {
        var subject = subjectOf(outcome.status());
        if (subject.isEmpty()) {
            return outcome;
        }
        var interval = Duration.ofSeconds(request.spec().getVerify().getIntervalSeconds());
        // The status as recorded now: the outcome's status is not changed after this pass.
        var recorded = outcome.status();
        var spec = request.spec();
        var plan = new WatchRounds.Plan(request, subject.get(), interval, entered ? interval : Duration.ZERO, applied,
                round -> verdict(spec, recorded, subject.get(), round, round.at()).changes(recorded));
        return new Outcome(outcome.status(), Optional.empty(), outcome.events(), Optional.of(plan));
    }

    /** What is watched in this status, if anything. */
    static Optional<WatchRounds.Subject> subjectOf(HoradusReleaseStatus status) {
        var release = status.getRelease();
        if (release == null) {
            return Optional.empty();
        }
        if (release.getStep() == Step.Done && release.getStepState() != StepState.Failed) {
            return Optional.of(new WatchRounds.Subject(release.getTag(), release.getCommit(), false));
        }
        var rollback = status.getRollback();
        if (release.getStep() == Step.RollBack && rollback != null && rollback.getState() == RollbackState.RolledBack) {
            return Optional.of(new WatchRounds.Subject(rollback.getToTag(), rollback.getToCommit(), true));
        }
        return Optional.empty();
    }

    /** The restored version's watch: applies the pending round, if any (a failure there is reported, never rolled back again). */
    private Outcome watchRestored(ReleaseRequest request, HoradusReleaseStatus status, Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var record = status.getRollback();
        var subject = new WatchRounds.Subject(record.getToTag(), record.getToCommit(), true);
        var pending = rounds.pending(request, subject);
        if (pending.isEmpty()) {
            restamp(conditions);
            return watched(request, new Outcome(status, Optional.empty(), events), false, 0);
        }
        var round = observed(pending.get());
        return watched(request, apply(request, status, status.getRelease(), subject, round, conditions, events, now), false, round.number());
    }

    /** What a round means for the version watched in {@code status}. */
    private static RoundVerdict verdict(HoradusReleaseSpec spec, HoradusReleaseStatus status, WatchRounds.Subject subject,
                                        WatchRounds.Observed round, Instant at) {
        return subject.restored() ? RoundVerdict.ofRestored(status, round) : RoundVerdict.ofReleased(spec, status, round, at);
    }

    /** A round that could not read the host is a transient error of this reconcile (HostUnreachable), never a failed round. */
    private static WatchRounds.Observed observed(WatchRounds.Round round) {
        if (round instanceof WatchRounds.Failed failed) {
            throw failed.error();
        }
        return (WatchRounds.Observed) round;
    }

    /** Nothing observed to apply: the watch's conditions keep what they say, stamped with the generation now reconciled. */
    private static void restamp(Conditions conditions) {
        WATCH_CONDITIONS.forEach(conditions::restamp);
    }

    /**
     * An upstream rolled back the tag this release has released: said once (a Warning Event, and
     * UpstreamVerified False), and, when spec.promotion.onUpstreamRollback is RollBack, rolled back here too.
     *
     * @return the rollback begun; empty when the release goes on being watched
     */
    private Optional<Outcome> revokedReleased(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release,
                                              Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var revoked = promotion.revocation(request, release.getTag());
        if (revoked.isEmpty()) {
            return Optional.empty();
        }
        var said = conditions.get(ConditionType.UpstreamVerified)
                .filter(c -> Reason.UpstreamRolledBack.name().equals(c.getReason()) && ConditionStatus.False.name().equals(c.getStatus()));
        if (said.isPresent()) {
            return Optional.empty();
        }
        var rollBack = request.spec().getPromotion().getOnUpstreamRollback() == UpstreamRollbackPolicy.RollBack;
        var message = release.getTag() + " is released here, but " + revoked.get() + (rollBack
                ? ": rolling it back here too (spec.promotion.onUpstreamRollback: RollBack)"
                : ": reported only, the host is left as it is (spec.promotion.onUpstreamRollback: Report)");
        conditions.set(ConditionType.UpstreamVerified, ConditionStatus.False, Reason.UpstreamRolledBack, message);
        events.add(ReleaseEvent.warning(Reason.UpstreamRolledBack, message));
        if (!rollBack) {
            return Optional.empty();
        }
        return Optional.of(watched(request, rollbacks.followUpstream(request, status, release, revoked.get(), conditions, events, now), true, 0));
    }

    /**
     * A release of a tag an upstream rolled back, stopped before it is built: what the step left running
     * (a gate's container) is stopped, and image names a build may have moved point at what runs again.
     */
    private Outcome revoke(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, String revoked,
                           Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var step = release.getStep();
        steps.get(step).abandon(request, release);
        if (step == Step.Build) {
            snapshots.pointNamesAtRunning(request.target(), request.spec().getRollout().getUp(), watch.host(request));
        }
        release.setStep(Step.Upstream);
        return fail(request, status, release, new StepResult.Failed(Reason.UpstreamRolledBack, release.getTag() + " stops before "
                + step + ": " + revoked, Optional.empty()), conditions, events, now);
    }

    /**
     * A failed release, reported again: its failed step's condition repeated in the summary. That
     * condition's reason was written by this engine (a step's Failed result); any other text is not
     * repeated, and the release is reported as failed in general.
     */
    private static Standing failedStep(ReleaseProgress release, Conditions conditions) {
        return Optional.ofNullable(STEP_CONDITION.get(release.getStep()))
                .flatMap(conditions::get)
                .flatMap(c -> Reason.of(c.getReason()).map(reason -> new Standing.Failed(reason, c.getMessage())))
                .orElseGet(() -> new Standing.Failed(Reason.ReleaseFailed, "release of " + release.getTag() + " failed"));
    }

    /**
     * A new release starts when there is none, when the spec asks for another tag (at a step boundary:
     * a migration the host may still be running, or a rollback under way, is seen to its end first),
     * or when the spec changed after a failed attempt. A rolled-back tag is not tried again on a mere
     * spec change (a GitOps tool re-applying its manifest must not loop): only another tag, or a new
     * value of the retry token set by a person, starts it again.
     */
    private static boolean startsNewRelease(ReleaseProgress release, ReleaseRequest request, HoradusReleaseStatus status) {
        if (release == null) {
            return true;
        }
        var rollingBack = release.getStep() == Step.RollBack;
        if (!release.getTag().equals(request.spec().getTag())) {
            var unfinished = release.getStepState() == StepState.Started
                    && (release.getStep() == Step.Migrate || (rollingBack && !rollbackEnded(status)));
            return !unfinished;
        }
        if (rollingBack) {
            return rollbackEnded(status) && retryAsked(request, status);
        }
        return release.getStepState() == StepState.Failed
                && (request.revision() > release.getGeneration() || retryAsked(request, status));
    }

    /** A person set the retry token to a value not acted on yet (it is recorded when the new attempt begins). */
    private static boolean retryAsked(ReleaseRequest request, HoradusReleaseStatus status) {
        return request.retryToken() != null && !request.retryToken().isBlank() && !request.retryToken().equals(status.getRetryToken());
    }

    /**
     * A person asked for a rollback not acted on yet. Asked after the new-release decision, so that a
     * release begun by this very pass (a new spec.tag) counts as one in flight and the request is refused.
     */
    private static boolean rollbackAsked(ReleaseRequest request, HoradusReleaseStatus status) {
        return request.rollback() != null && !request.rollback().token().equals(status.getRollbackToken());
    }

    private static boolean rollbackEnded(HoradusReleaseStatus status) {
        var rollback = status.getRollback();
        return rollback == null || rollback.getState() == RollbackState.RolledBack || rollback.getState() == RollbackState.Failed;
    }

    private ReleaseProgress begin(HoradusReleaseStatus status, ReleaseRequest request, Instant now,
                                  Conditions conditions, List<ReleaseEvent> events) {
        var previous = status.getRelease();
        var tag = request.spec().getTag();
        if (previous != null && previous.getStep() != Step.Done && previous.getStepState() != StepState.Failed) {
            if (steps.containsKey(previous.getStep())) {
                steps.get(previous.getStep()).abandon(request, previous);
            }
            StatusRecords.addHistory(status, previous, ReleaseOutcome.Superseded, Reason.Superseded, "superseded by " + tag, now);
            events.add(ReleaseEvent.normal(Reason.Superseded, previous.getTag() + " superseded by " + tag + " before " + previous.getStep()));
        }
        var retry = previous != null && previous.getTag().equals(tag)
                && (previous.getStepState() == StepState.Failed || previous.getStep() == Step.RollBack);
        if (request.retryToken() != null) {
            status.setRetryToken(request.retryToken());
        }
        var release = new ReleaseProgress();
        release.setTag(tag);
        release.setAttempt(retry ? previous.getAttempt() + 1 : 1);
        release.setGeneration(request.revision());
        release.setStartedAt(Timestamps.format(now));
        release.setStep(pipeline.get(0));
        release.setStepState(StepState.Pending);
        status.setRelease(release);
        STEP_CONDITION.values().forEach(conditions::remove);
        conditions.remove(ConditionType.RolledBack);
        conditions.remove(ConditionType.RollbackRequest);
        conditions.remove(ConditionType.Drifted);
        events.add(ReleaseEvent.normal(Reason.ReleaseStarted, "releasing " + tag + " (attempt " + release.getAttempt() + ")"));
        return release;
    }

    private Outcome runStep(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release,
                            Conditions conditions, List<ReleaseEvent> events, Instant now, StatusWriter intent) {
        var step = release.getStep();
        if (NOT_BUILT.contains(step) && Promotion.applies(request.spec())) {
            var revoked = promotion.revocation(request, release.getTag());
            if (revoked.isPresent()) {
                return revoke(request, status, release, revoked.get(), conditions, events, now);
            }
        }
        StatusSummary.record(conditions, new Standing.Entering(step, release.getTag()));
        var resumed = release.getStepState() == StepState.Started;
        if (!resumed) {
            release.setStepState(StepState.Started);
            release.setStepStartedAt(Timestamps.format(now));
            intent.write(status);
        }
        var context = new StepContext(request, release, status, resumed, now, events);
        var result = steps.get(step).notNeeded(context).<StepResult>map(done -> done).orElseGet(() -> steps.get(step).run(context));
        if (result instanceof StepResult.Done done) {
            return advance(request, status, release, done, conditions, events, now, clock.instant());
        }
        if (result instanceof StepResult.Wait wait) {
            conditions.set(STEP_CONDITION.get(step), ConditionStatus.Unknown, wait.reason(), wait.message());
            StatusSummary.record(conditions, step == Step.Approve
                    ? new Standing.AwaitingPerson(step, wait.reason(), wait.message())
                    : new Standing.Working(step, wait.reason(), wait.message()));
            return new Outcome(status, Optional.of(wait.after()), events);
        }
        var failed = (StepResult.Failed) result;
        if (step == Step.Verify && request.spec().getRollback().isEnabled() && Rollbacks.target(status, release.getTag()).isPresent()) {
            conditions.set(STEP_CONDITION.get(step), ConditionStatus.False, failed.reason(), failed.message());
            return rollbacks.begin(request, status, release, List.of(new CheckResult("verification", failed.message(), Timestamps.format(now))),
                    conditions, events, now);
        }
        return fail(request, status, release, failed, conditions, events, now);
    }

    /**
     * Records a finished step and moves to the next. When the next step is repeatable, its intent
     * ({@code Started}) is recorded here too, so the adapter's one write of this outcome persists both
     * the result and the intent before the next reconcile may touch the host.
     *
     * @param finished when the step ended: the next step starts then, not when this reconcile began
     */
    private Outcome advance(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, StepResult.Done done,
                            Conditions conditions, List<ReleaseEvent> events, Instant now, Instant finished) {
        var step = release.getStep();
        done.command().ifPresent(command -> StatusRecords.recordCommand(status, step, command, now));
        conditions.set(STEP_CONDITION.get(step), ConditionStatus.True, done.reason(), done.message());
        events.add(ReleaseEvent.normal(done.reason(), done.message() + StatusRecords.commandSummary(done.command())));
        if (step == Step.Resolve && release.getNotes() != null) {
            events.add(ReleaseEvent.normal(Reason.ReleaseNotes, release.getTag() + " release notes:\n"
                    + ReleaseNotesFinder.bounded(release.getNotes().getText(), ReleaseNotesFinder.EVENT_MAX, "status.release.notes")));
        }
        if (step == Step.RollOut) {
            status.setCurrentTag(release.getTag());
            status.setCurrentCommit(release.getCommit());
        }
        var next = nextStep(step);
        release.setStep(next);
        release.setStepState(StepState.Pending);
        while (next != Step.Done) {
            if (!steps.get(next).applies(request.spec())) {
                next = nextStep(next);
                release.setStep(next);
                continue;
            }
            var skipped = steps.get(next).notNeeded(new StepContext(request, release, status, false, now, events));
            if (skipped.isEmpty()) {
                break;
            }
            conditions.set(STEP_CONDITION.get(next), ConditionStatus.True, skipped.get().reason(), skipped.get().message());
            next = nextStep(next);
            release.setStep(next);
        }
        if (next != Step.Done) {
            StatusSummary.record(conditions, new Standing.Entering(next, release.getTag()));
            if (steps.get(next).repeatable()) {
                release.setStepState(StepState.Started);
                release.setStepStartedAt(Timestamps.format(finished));
            }
            return new Outcome(status, Optional.of(Duration.ZERO), events);
        }
        StatusSummary.record(conditions, new Standing.Released(release.getTag() + " is released and verified"));
        StatusRecords.addHistory(status, release, ReleaseOutcome.Succeeded, Reason.Released, release.getTag() + " is released and verified", now);
        events.add(ReleaseEvent.normal(Reason.Released, release.getTag() + " (" + release.getCommit() + ") is released and verified"));
        if (RoundVerdict.promotionDue(request.spec(), status, release, finished)) {
            promote(request, status, release, finished, events);
        }
        return new Outcome(status, Optional.of(Duration.ofSeconds(request.spec().getVerify().getIntervalSeconds())), events);
    }

    /**
     * The released version's watch: applies the pending round, if any. Without a pending round nothing
     * is observed and nothing changes.
     */
    private Outcome watchReleased(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release,
                                  Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var subject = new WatchRounds.Subject(release.getTag(), release.getCommit(), false);
        var pending = rounds.pending(request, subject);
        if (pending.isEmpty()) {
            restamp(conditions);
            return watched(request, new Outcome(status, Optional.empty(), events), false, 0);
        }
        var round = observed(pending.get());
        return watched(request, apply(request, status, release, subject, round, conditions, events, now), false, round.number());
    }

    /**
     * The one place a round's {@link RoundVerdict} is applied, to status and to the host. Fewer failed
     * rounds in a row than verify.failureThreshold are recorded and forgiven (Ready stays True, Healthy
     * says what failed); that many roll the release back. Once the watch window has passed cleanly, the
     * release becomes the last good one. A drifted host is reported, or re-converged, first; a round
     * the verdict does not count (a host put back, services stopped by the engine) moves neither the count
     * nor the window.
     */
    private Outcome apply(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, WatchRounds.Subject subject,
                          WatchRounds.Observed round, Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var verdict = verdict(request.spec(), status, subject, round, now);
        var interval = Duration.ofSeconds(request.spec().getVerify().getIntervalSeconds());
        if (verdict.driftIsNew(status)) {
            events.add(ReleaseEvent.warning(Reason.Drifted, release.getTag() + ": " + verdict.drift().get()));
        }
        verdict.drifted().ifPresent(conditions::set);
        if (verdict.reconverge() && !verdict.rollBack()) {
            CommandResult result;
            try {
                result = reconverge(request, status, release, now);
            } catch (SourceRefusedException refused) {
                result = new CommandResult(List.of(), -1, List.of(refused.getMessage()), Duration.ZERO);
            }
            if (result.succeeded()) {
                conditions.set(ConditionType.Drifted, ConditionStatus.True, Reason.Reconverged, verdict.drift().get());
            } else {
                conditions.set(ConditionType.Drifted, ConditionStatus.True, Reason.ReconvergeFailed, verdict.drift().get()
                        + "; up -d failed with exit code " + result.exitCode() + ": " + result.lastLine());
                // The host stays as found: the checks judge it.
                verdict = RoundVerdict.ofReleasedNotReconverged(request.spec(), status, round, now);
            }
        }
        verdict.startedAgain().ifPresent(started -> ReleaseWatch.recordStartedAgain(status, subject.tag(), started, round.at()));
        if (!verdict.counted()) {
            StatusSummary.record(conditions, verdict.standing());
            conditions.set(verdict.healthy());
            return new Outcome(status, Optional.of(interval), events);
        }
        ReleaseWatch.record(status, subject.tag(), verdict.watchRound(), round.at());
        if (verdict.rollBack()) {
            return rollbacks.begin(request, status, release, verdict.watchRound().failedChecks(), conditions, events, now);
        }
        StatusSummary.record(conditions, verdict.standing());
        conditions.set(verdict.healthy());
        if (verdict.promote()) {
            promote(request, status, release, now, events);
        }
        return new Outcome(status, Optional.of(interval), subject.restored() ? List.of() : events);
    }

    /** Starts the release's services again from its images, as released: no build, no migration. */
    private CommandResult reconverge(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, Instant now) {
        var result = putBack.putBack(request, release.getTag(), release.getCommit(), release.getImages(), false).command();
        StatusRecords.recordCommand(status, Step.Done, result, now);
        return result;
    }

    /** Makes the release the last good one and keeps its images; a good release beyond spec.rollback.keep loses its snapshot names. */
    private void promote(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, Instant now, List<ReleaseEvent> events) {
        status.setLastGoodTag(release.getTag());
        status.setLastGoodCommit(release.getCommit());
        var good = new GoodRelease();
        good.setTag(release.getTag());
        good.setCommit(release.getCommit());
        good.setPromotedAt(Timestamps.format(now));
        good.setImages(new ArrayList<>(release.getImages()));
        var kept = status.getGoodReleases();
        kept.removeIf(g -> g.getTag().equals(release.getTag()));
        kept.add(0, good);
        while (kept.size() > request.spec().getRollback().getKeep()) {
            snapshots.release(request.target(), kept.remove(kept.size() - 1).getImages());
        }
        events.add(ReleaseEvent.normal(Reason.Promoted, release.getTag() + " passed its watch window: it is the last good tag"));
    }

    private Outcome fail(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release, StepResult.Failed failed,
                         Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var step = release.getStep();
        if (step == Step.Build || step == Step.Migrate) {
            // The build may have moved image names (:latest) onto a release that is now rejected.
            snapshots.pointNamesAtRunning(request.target(), request.spec().getRollout().getUp(), watch.host(request));
        }
        failed.command().ifPresent(command -> StatusRecords.recordCommand(status, step, command, now));
        release.setStepState(StepState.Failed);
        conditions.set(STEP_CONDITION.get(step), ConditionStatus.False, failed.reason(), failed.message());
        StatusSummary.record(conditions, new Standing.Failed(failed.reason(), failed.message()));
        StatusRecords.addHistory(status, release, ReleaseOutcome.Failed, failed.reason(), failed.message(), now);
        events.add(ReleaseEvent.warning(failed.reason(), failed.message() + StatusRecords.commandSummary(failed.command())));
        return new Outcome(status, Optional.empty(), events);
    }

    private Step nextStep(Step step) {
        var index = pipeline.indexOf(step);
        return index + 1 < pipeline.size() ? pipeline.get(index + 1) : Step.Done;
    }
}

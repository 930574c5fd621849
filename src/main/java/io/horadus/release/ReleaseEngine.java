package io.horadus.release;

import io.horadus.api.CommandRecord;
import io.horadus.api.Condition;
import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Step;
import io.horadus.api.StepState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release step machine. One call runs at most one step: it decides from (spec, status, now) what
 * comes next, records the intent in status before the step may touch the host, runs the step, and
 * records the result. Waiting is a requeue, never a sleep. Knows nothing of Kubernetes: the adapter
 * hands it the spec, the generation, secret material and a way to persist status.
 *
 * <p>The pipeline is the list of steps given to the constructor, in order; a release moves through it
 * and ends in {@link Step#Done}. New kinds of steps (gates, approvals) slot in as entries of that list.
 */
public final class ReleaseEngine {

    static final int HISTORY_LIMIT = 10;

    private static final Map<Step, String> STEP_CONDITION = Map.of(
            Step.Resolve, "SourceReady",
            Step.Build, "Built",
            Step.Migrate, "Migrated",
            Step.RollOut, "RolledOut",
            Step.Verify, "Healthy");

    private static final Map<Step, Phase> STEP_PHASE = Map.of(
            Step.Resolve, Phase.Resolving,
            Step.Build, Phase.Building,
            Step.Migrate, Phase.Migrating,
            Step.RollOut, Phase.RollingOut,
            Step.Verify, Phase.Verifying,
            Step.Done, Phase.Ready);

    private final List<Step> pipeline;
    private final Map<Step, ReleaseStep> steps = new EnumMap<>(Step.class);
    private final Clock clock;

    public ReleaseEngine(List<ReleaseStep> pipeline, Clock clock) {
        this.pipeline = pipeline.stream().map(ReleaseStep::step).toList();
        pipeline.forEach(step -> steps.put(step.step(), step));
        this.clock = clock;
    }

    public Outcome reconcile(ReleaseRequest request, HoradusReleaseStatus status, StatusWriter intent) {
        var now = clock.instant();
        var events = new ArrayList<ReleaseEvent>();
        var conditions = new Conditions(status, request.generation(), now);
        status.setObservedGeneration(request.generation());
        status.setDesiredTag(request.spec().getTag());

        if (request.spec().isSuspend()) {
            status.setPhase(Phase.Suspended);
            conditions.suspended("spec.suspend is true: the operator does not act until it is false");
            return new Outcome(status, Optional.empty(), events);
        }
        var problems = SpecValidator.problems(request.spec());
        if (!problems.isEmpty()) {
            status.setPhase(Phase.Failed);
            conditions.stalled("InvalidSpec", String.join("; ", problems));
            return new Outcome(status, Optional.empty(), events);
        }

        var release = status.getRelease();
        if (startsNewRelease(release, request)) {
            release = begin(status, request, now, conditions, events);
        }
        if (release.getStepState() == StepState.Failed) {
            status.setPhase(Phase.Failed);
            var failed = conditionOf(status, STEP_CONDITION.get(release.getStep()));
            conditions.stalled(failed.map(Condition::getReason).orElse("ReleaseFailed"),
                    failed.map(Condition::getMessage).orElse("release of " + release.getTag() + " failed"));
            return new Outcome(status, Optional.empty(), events);
        }
        if (release.getStep() == Step.Done) {
            status.setPhase(Phase.Ready);
            conditions.ready("Released", release.getTag() + " is released and verified");
            return new Outcome(status, Optional.empty(), events);
        }
        return runStep(request, status, release, conditions, events, now, intent);
    }

    /**
     * A new release starts when there is none, when the spec asks for another tag (at a step boundary:
     * a migration the host may still be running is seen to its end first), or when the spec changed
     * after a failed attempt.
     */
    private static boolean startsNewRelease(ReleaseProgress release, ReleaseRequest request) {
        if (release == null) {
            return true;
        }
        if (!release.getTag().equals(request.spec().getTag())) {
            return !(release.getStep() == Step.Migrate && release.getStepState() == StepState.Started);
        }
        return release.getStepState() == StepState.Failed && request.generation() > release.getGeneration();
    }

    private ReleaseProgress begin(HoradusReleaseStatus status, ReleaseRequest request, Instant now,
                                  Conditions conditions, List<ReleaseEvent> events) {
        var previous = status.getRelease();
        var tag = request.spec().getTag();
        if (previous != null && previous.getStep() != Step.Done && previous.getStepState() != StepState.Failed) {
            addHistory(status, previous, ReleaseOutcome.Superseded, "Superseded", "superseded by " + tag, now);
            events.add(ReleaseEvent.normal("Superseded", previous.getTag() + " superseded by " + tag + " before " + previous.getStep()));
        }
        var retry = previous != null && previous.getTag().equals(tag) && previous.getStepState() == StepState.Failed;
        var release = new ReleaseProgress();
        release.setTag(tag);
        release.setAttempt(retry ? previous.getAttempt() + 1 : 1);
        release.setGeneration(request.generation());
        release.setStartedAt(Timestamps.format(now));
        release.setStep(pipeline.get(0));
        release.setStepState(StepState.Pending);
        status.setRelease(release);
        STEP_CONDITION.values().forEach(conditions::remove);
        events.add(ReleaseEvent.normal("ReleaseStarted", "releasing " + tag + " (attempt " + release.getAttempt() + ")"));
        return release;
    }

    private Outcome runStep(ReleaseRequest request, HoradusReleaseStatus status, ReleaseProgress release,
                            Conditions conditions, List<ReleaseEvent> events, Instant now, StatusWriter intent) {
        var step = release.getStep();
        enter(step, status, release, conditions);
        var resumed = release.getStepState() == StepState.Started;
        if (!resumed) {
            release.setStepState(StepState.Started);
            release.setStepStartedAt(Timestamps.format(now));
            intent.write(status);
        }
        var result = steps.get(step).run(new StepContext(request, release, status, resumed, now));
        if (result instanceof StepResult.Done done) {
            return advance(status, release, done, conditions, events, now);
        }
        if (result instanceof StepResult.Wait wait) {
            conditions.set(STEP_CONDITION.get(step), Conditions.UNKNOWN, wait.reason(), wait.message());
            conditions.progressing(wait.reason(), wait.message());
            return new Outcome(status, Optional.of(wait.after()), events);
        }
        return fail(status, release, (StepResult.Failed) result, conditions, events, now);
    }

    private Outcome advance(HoradusReleaseStatus status, ReleaseProgress release, StepResult.Done done,
                            Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var step = release.getStep();
        done.command().ifPresent(command -> recordCommand(status, step, command, now));
        conditions.set(STEP_CONDITION.get(step), Conditions.TRUE, done.reason(), done.message());
        events.add(ReleaseEvent.normal(done.reason(), done.message() + commandSummary(done.command())));
        if (step == Step.RollOut) {
            status.setCurrentTag(release.getTag());
            status.setCurrentCommit(release.getCommit());
        }
        var next = nextStep(step);
        release.setStep(next);
        release.setStepState(StepState.Pending);
        if (next != Step.Done) {
            enter(next, status, release, conditions);
            return new Outcome(status, Optional.of(Duration.ZERO), events);
        }
        status.setLastGoodTag(release.getTag());
        status.setLastGoodCommit(release.getCommit());
        status.setPhase(Phase.Ready);
        conditions.ready("Released", release.getTag() + " is released and verified");
        addHistory(status, release, ReleaseOutcome.Succeeded, "Released", release.getTag() + " is released and verified", now);
        events.add(ReleaseEvent.normal("Released", release.getTag() + " (" + release.getCommit() + ") is released and verified"));
        return new Outcome(status, Optional.empty(), events);
    }

    private Outcome fail(HoradusReleaseStatus status, ReleaseProgress release, StepResult.Failed failed,
                         Conditions conditions, List<ReleaseEvent> events, Instant now) {
        var step = release.getStep();
        failed.command().ifPresent(command -> recordCommand(status, step, command, now));
        release.setStepState(StepState.Failed);
        status.setPhase(Phase.Failed);
        conditions.set(STEP_CONDITION.get(step), Conditions.FALSE, failed.reason(), failed.message());
        conditions.stalled(failed.reason(), failed.message());
        addHistory(status, release, ReleaseOutcome.Failed, failed.reason(), failed.message(), now);
        events.add(ReleaseEvent.warning(failed.reason(), failed.message() + commandSummary(failed.command())));
        return new Outcome(status, Optional.empty(), events);
    }

    /** The phase of a step being worked on, and Reconciling=True saying so ("building v1.2.0"). */
    private static void enter(Step step, HoradusReleaseStatus status, ReleaseProgress release, Conditions conditions) {
        var phase = STEP_PHASE.get(step);
        status.setPhase(phase);
        conditions.progressing(phase.name(), phase.name().toLowerCase() + " " + release.getTag());
    }

    private Step nextStep(Step step) {
        var index = pipeline.indexOf(step);
        return index + 1 < pipeline.size() ? pipeline.get(index + 1) : Step.Done;
    }

    private static Optional<Condition> conditionOf(HoradusReleaseStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst();
    }

    private static void recordCommand(HoradusReleaseStatus status, Step step, CommandResult result, Instant now) {
        var record = new CommandRecord();
        record.setStep(step);
        record.setArgv(result.argv());
        record.setExitCode(result.exitCode());
        record.setOutputTail(result.outputTail());
        record.setDurationMillis(result.duration().toMillis());
        record.setFinishedAt(Timestamps.format(now));
        status.setLastCommand(record);
    }

    /** The command's exit code and last lines, for an event (kept short: events are not logs). */
    private static String commandSummary(Optional<CommandResult> command) {
        return command.map(c -> {
            var tail = c.outputTail();
            var last = tail.subList(Math.max(0, tail.size() - 5), tail.size());
            return " [exit " + c.exitCode() + "]" + (last.isEmpty() ? "" : "\n" + String.join("\n", last));
        }).orElse("");
    }

    private static void addHistory(HoradusReleaseStatus status, ReleaseProgress release, ReleaseOutcome outcome,
                                   String reason, String message, Instant now) {
        var entry = new HistoryEntry();
        entry.setTag(release.getTag());
        entry.setCommit(release.getCommit());
        entry.setOutcome(outcome);
        entry.setReason(reason);
        entry.setMessage(message);
        entry.setStartedAt(release.getStartedAt());
        entry.setFinishedAt(Timestamps.format(now));
        var history = status.getHistory();
        history.add(0, entry);
        while (history.size() > HISTORY_LIMIT) {
            history.remove(history.size() - 1);
        }
    }
}

package io.horadus.release.driver;

import io.horadus.api.GateOutcome;
import io.horadus.api.GateRecord;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.RollbackRecord;
import io.horadus.api.RollbackState;
import io.horadus.api.Step;
import io.horadus.api.StepState;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@link Transition}s of one pass, read from status before and after it. The engine runs at most one
 * step per pass (the steps it skips as not needed never ran), so the step that ran is the one status named
 * before the pass, or the pipeline's first when the pass began a new release; what status says after it
 * tells how that step ended. Status is what survives a restart, so a step begun before one is still timed
 * from its own start.
 */
final class Transitions {

    private Transitions() {
    }

    /** What status said before the pass, kept apart: the engine changes the status object it is given. */
    record Before(Release release, Map<String, GateOutcome> gates, Rollback rollback) {

        /** A release attempt: a new tag, a retry, a new attempt after a rollback is another one. */
        record Release(String tag, Integer attempt, String startedAt, Step step, StepState stepState, String stepStartedAt) {
        }

        /** A rollback record, told apart from the next by when it was detected, whom it rolled back and whose request it served. */
        record Rollback(String detectedAt, String fromTag, String requestToken, RollbackState state) {
        }

        static Before of(HoradusReleaseStatus status) {
            var release = status.getRelease();
            var rollback = status.getRollback();
            return new Before(
                    release == null ? null : new Release(release.getTag(), release.getAttempt(), release.getStartedAt(), release.getStep(),
                            release.getStepState(), release.getStepStartedAt()),
                    release == null ? Map.of() : release.getGates().stream().filter(g -> g.getResult() != null)
                            .collect(Collectors.toMap(GateRecord::getName, GateRecord::getResult, (a, b) -> b)),
                    rollback == null ? null : rollbackOf(rollback));
        }

        private static Rollback rollbackOf(RollbackRecord record) {
            return new Rollback(record.getDetectedAt(), record.getFromTag(), record.getRequestToken(), record.getState());
        }
    }

    static List<Transition> between(Before before, HoradusReleaseStatus after, Instant now) {
        var release = after.getRelease();
        if (release == null) {
            return List.of();
        }
        var transitions = new ArrayList<Transition>();
        var same = before.release() != null && sameAttempt(before.release(), release);
        gates(same ? before.gates() : Map.of(), release, now, transitions);
        var rollback = after.getRollback();
        var rollbackBegun = rollback != null && (before.rollback() == null || !before.rollback().equals(rollbackOf(rollback, before)));
        if (same && before.release().step() == Step.RollBack) {
            rollbackEnded(before, rollbackBegun ? null : rollback, now, transitions);
        } else {
            var ran = same ? before.release().step() : Step.Resolve;
            if (same && before.release().stepState() == StepState.Failed) {
                ran = null; // a failed release is only reported again
            }
            if (ran != null && ran != Step.Done) {
                var began = same ? before.release().stepStartedAt() : release.getStartedAt();
                if (release.getStep() == Step.RollBack && ran == Step.Verify) {
                    transitions.add(new Transition.StepEnded(ran, Transition.StepResult.Failed, since(began, now)));
                } else if (release.getStep() == ran && release.getStepState() == StepState.Failed) {
                    transitions.add(new Transition.StepEnded(ran, Transition.StepResult.Failed, since(began, now)));
                } else if (release.getStep() != ran && release.getStep() != Step.RollBack) {
                    transitions.add(new Transition.StepEnded(ran, Transition.StepResult.Succeeded, since(began, now)));
                }
            }
        }
        if (rollbackBegun) {
            transitions.add(new Transition.RollbackBegun(reason(rollback, before)));
        }
        return transitions;
    }

    /** The rollback under way before the pass ended in it: put back and verified, or failed for good. */
    private static void rollbackEnded(Before before, RollbackRecord rollback, Instant now, List<Transition> transitions) {
        if (rollback == null || before.rollback() == null || before.rollback().state() == rollback.getState()) {
            return;
        }
        var began = rollback.getDetectedAt();
        if (rollback.getState() == RollbackState.RolledBack) {
            transitions.add(new Transition.StepEnded(Step.RollBack, Transition.StepResult.Succeeded, since(began, now)));
        } else if (rollback.getState() == RollbackState.Failed) {
            transitions.add(new Transition.StepEnded(Step.RollBack, Transition.StepResult.Failed, since(began, now)));
        }
    }

    private static Transition.RollbackReason reason(RollbackRecord rollback, Before before) {
        if (rollback.getRequestToken() != null) {
            return Transition.RollbackReason.Requested;
        }
        if (rollback.getUpstream() != null) {
            return Transition.RollbackReason.UpstreamRolledBack;
        }
        var step = before.release() == null ? null : before.release().step();
        // Rolled back from the Verify step: its verification failed; from a released version: the watch's checks stayed failed.
        return step == Step.Verify ? Transition.RollbackReason.VerificationFailed : Transition.RollbackReason.HealthFailed;
    }

    private static void gates(Map<String, GateOutcome> before, ReleaseProgress release, Instant now, List<Transition> transitions) {
        for (var gate : release.getGates()) {
            var result = gate.getResult();
            if (result == null || result == GateOutcome.Running || result == GateOutcome.Skipped || result == before.get(gate.getName())) {
                continue;
            }
            var took = gate.getDurationMillis() != null ? Duration.ofMillis(gate.getDurationMillis())
                    : Optional.ofNullable(gate.getStartedAt()).map(started -> since(started, now)).orElse(Duration.ZERO);
            transitions.add(new Transition.GateEnded(gate.getName(),
                    result == GateOutcome.Passed ? Transition.GateResult.Passed : Transition.GateResult.Failed, took));
        }
    }

    private static boolean sameAttempt(Before.Release before, ReleaseProgress after) {
        return Objects.equals(before.tag(), after.getTag()) && Objects.equals(before.attempt(), after.getAttempt())
                && Objects.equals(before.startedAt(), after.getStartedAt());
    }

    private static Before.Rollback rollbackOf(RollbackRecord record, Before before) {
        // Compared without its state: the same rollback moving on is not a new one.
        var state = before.rollback() == null ? record.getState() : before.rollback().state();
        return new Before.Rollback(record.getDetectedAt(), record.getFromTag(), record.getRequestToken(), state);
    }

    /** From a status timestamp to now; zero when it is missing or unreadable (a status written by hand). */
    private static Duration since(String timestamp, Instant now) {
        if (timestamp == null) {
            return Duration.ZERO;
        }
        try {
            var took = Duration.between(Instant.parse(timestamp), now);
            return took.isNegative() ? Duration.ZERO : took;
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}

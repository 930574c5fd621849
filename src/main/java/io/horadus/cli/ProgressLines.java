package io.horadus.cli;

import io.horadus.api.Condition;
import io.horadus.api.ConditionType;
import io.horadus.api.GateOutcome;
import io.horadus.api.GateRecord;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Reason;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.release.ReleaseEvent;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The progress a person watches on stderr, one line per step as it starts and as it ends, read from each
 * status the driver saves (the record, not the engine's internals, so an agent's passes and a resumed
 * apply print the same): {@code ► gate check}, {@code ✔ gate check (2.1s)}, {@code ✗ migrate: exit 1 …},
 * {@code ◎ waiting for approval of v1.2.0 (abc1234)}, {@code ◎ waiting for upstreams: …}.
 */
final class ProgressLines {

    private final PrintStream err;
    private final Clock clock;
    private final String prefix;
    private String tag;
    private Step step;
    private StepState stepState;
    private Instant stepStarted;
    private Phase phase;
    /** Why the release last said it waits for its upstreams (UpstreamNotReleased, SoakPending, ...); null when it does not wait. */
    private String waitingBecause;
    private final Map<String, GateOutcome> gates = new HashMap<>();

    /** @param prefix put before every line ("" for one release; "name: " when an agent runs several) */
    ProgressLines(PrintStream err, Clock clock, String prefix) {
        this.err = err;
        this.clock = clock;
        this.prefix = prefix;
    }

    /** Starts from a status already on record (a resumed release): what it says is not printed again. */
    void resumeFrom(HoradusReleaseStatus status) {
        var release = status.getRelease();
        phase = status.getPhase();
        if (release == null) {
            return;
        }
        tag = release.getTag();
        step = release.getStep();
        stepState = release.getStepState();
        stepStarted = instant(release.getStepStartedAt());
        release.getGates().forEach(g -> gates.put(g.getName(), g.getResult()));
    }

    void saved(HoradusReleaseStatus status) {
        var now = clock.instant();
        var release = status.getRelease();
        if (release != null) {
            if (!Objects.equals(release.getTag(), tag)) {
                tag = release.getTag();
                step = null;
                stepState = null;
                gates.clear();
                line("► release " + tag + (release.getAttempt() != null && release.getAttempt() > 1 ? " (attempt " + release.getAttempt() + ")" : ""));
            }
            if (release.getStep() != step) {
                if (step != null && stepState != StepState.Failed && shown(step)) {
                    line("✔ " + name(step) + " (" + Durations.show(Duration.between(stepStarted == null ? now : stepStarted, now)) + ")");
                }
                step = release.getStep();
                stepState = null;
                stepStarted = instant(release.getStepStartedAt());
                if (shown(step)) {
                    line("► " + name(step));
                }
            }
            gateLines(release);
            if (release.getStepState() == StepState.Failed && stepState != StepState.Failed && shown(step)) {
                line("✗ " + name(step) + ": " + readyMessage(status));
            }
            stepState = release.getStepState();
        }
        if (status.getPhase() != phase) {
            phaseLine(status, release);
            phase = status.getPhase();
        }
        upstreamLine(status);
    }

    /**
     * A line each time a release waiting for its upstreams waits for another reason (not yet released
     * upstream, then the soak): the first status of the phase only says it entered the step.
     */
    private void upstreamLine(HoradusReleaseStatus status) {
        if (status.getPhase() != Phase.AwaitingUpstream) {
            waitingBecause = null;
            return;
        }
        var ready = status.getConditions().stream().filter(c -> ConditionType.Ready.name().equals(c.getType())).findFirst();
        var reason = ready.map(Condition::getReason).orElse(null);
        if (reason == null || reason.equals(Reason.AwaitingUpstream.name()) || reason.equals(waitingBecause)) {
            return;
        }
        waitingBecause = reason;
        line("◎ waiting for upstreams: " + readyMessage(status));
    }

    private void gateLines(ReleaseProgress release) {
        for (GateRecord gate : release.getGates()) {
            var before = gates.put(gate.getName(), gate.getResult());
            if (before == gate.getResult() || gate.getResult() == null) {
                continue;
            }
            var took = gate.getDurationMillis() == null ? "" : " (" + Durations.show(Duration.ofMillis(gate.getDurationMillis())) + ")";
            switch (gate.getResult()) {
                case Running -> line("► gate " + gate.getName());
                case Passed -> line("✔ gate " + gate.getName() + took);
                case Failed -> line("✗ gate " + gate.getName() + ": " + gate.getMessage() + took);
                case Skipped -> line("– gate " + gate.getName() + " skipped: " + gate.getMessage());
                case AllowedFailure -> line("! gate " + gate.getName() + " failed, allowed: " + gate.getMessage() + took);
            }
        }
    }

    private void phaseLine(HoradusReleaseStatus status, ReleaseProgress release) {
        if (status.getPhase() == null) {
            return;
        }
        switch (status.getPhase()) {
            case AwaitingApproval -> line("◎ waiting for approval of " + release.getTag() + " (" + shortCommit(release.getCommit()) + "): " + readyMessage(status));
            case Ready -> line("✔ " + status.getCurrentTag() + " is Ready (" + shortCommit(status.getCurrentCommit()) + ")");
            case RollingBack -> line("↺ rolling back: " + conditionMessage(status, ConditionType.Reconciling));
            case RolledBack -> line("↺ rolled back: " + readyMessage(status));
            case Failed -> {
                if (release == null || release.getStepState() != StepState.Failed) {
                    line("✗ " + readyMessage(status));
                }
            }
            case Suspended -> line("‖ suspended: " + readyMessage(status));
            default -> {
            }
        }
    }

    /**
     * The events status does not record: a notification that could not be sent (NotificationFailed). What
     * status records (steps, gates, rollbacks) has its lines from {@link #saved}.
     */
    void events(List<ReleaseEvent> events) {
        for (var event : events) {
            if (event.reason().equals(Reason.NotificationFailed.name())) {
                line("⚠ " + event.message());
            }
        }
    }

    private void line(String text) {
        err.println(prefix + text);
    }

    /** Steps with lines of their own: gates print one per gate, Done is the Ready line, a rollback has its phase's lines. */
    private static boolean shown(Step step) {
        return step != null && step != Step.Gate && step != Step.Done && step != Step.RollBack;
    }

    /** A step in the runbook's words. */
    static String name(Step step) {
        return switch (step) {
            case Resolve -> "source";
            case Upstream -> "upstream";
            case Gate -> "gates";
            case Approve -> "approval";
            case Build -> "build";
            case Migrate -> "migrate";
            case RollOut -> "rollout";
            case Verify -> "verify";
            case Done -> "done";
            case RollBack -> "rollback";
        };
    }

    static String shortCommit(String commit) {
        return commit == null ? "no commit yet" : commit.substring(0, Math.min(7, commit.length()));
    }

    private static String readyMessage(HoradusReleaseStatus status) {
        return conditionMessage(status, ConditionType.Ready);
    }

    private static String conditionMessage(HoradusReleaseStatus status, ConditionType type) {
        return status.getConditions().stream().filter(c -> type.name().equals(c.getType())).map(Condition::getMessage)
                .filter(Objects::nonNull).findFirst().orElse("");
    }

    private static Instant instant(String rfc3339) {
        return rfc3339 == null ? null : Instant.parse(rfc3339);
    }
}

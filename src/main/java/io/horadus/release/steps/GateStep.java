package io.horadus.release.steps;

import io.horadus.api.GateOutcome;
import io.horadus.api.GateRecord;
import io.horadus.api.GateSpec;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Step;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.Timestamps;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GateRun;
import io.horadus.release.port.GateRunner;
import io.horadus.release.port.GateState;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.SecretMask;
import io.horadus.release.port.SourceRefusedException;
import io.horadus.release.spec.PathGlobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's pre-release checklist: each gate of spec.gates, in order, in a one-off container on the
 * Docker host (see {@link GateRunner}), before approval, the build, the migration or the rollout.
 *
 * <p>A gate's command runs on its own; reconciles only look at it. A reconcile marks the next gate
 * {@code Running} (an Event says so) and comes back at once; the next one starts its container and
 * records the container's name; later ones ask the engine how it is doing, sooner just after the start
 * and every few seconds later on, until it exits (its output is collected and the container removed)
 * or its timeout passes (it is killed). So no reconcile thread waits for a gate, and a new tag or a
 * suspension is seen within a poll. After an operator restart the gate's container is simply looked
 * at again; a gate whose container is gone, or was never started, runs again: gates are read-only by
 * contract, so running one twice is harmless.
 *
 * <p>Fail closed: a non-zero exit, a timeout, an image that is missing or fails to build, an engine
 * error at the start, each fails the gate, and a failed gate fails the step ({@code GateFailed}): the
 * release stops before the build and the previous version keeps serving. A gate allowed to fail is
 * recorded as {@code AllowedFailure} with its written reason, never as passed.
 */
public final class GateStep implements ReleaseStep {

    static final Duration FIRST_POLL = Duration.ofMillis(50);
    static final Duration LONGEST_POLL = Duration.ofSeconds(5);

    private final GateRunner runner;
    private final ReleaseSource source;
    private final Worktrees worktrees;

    public GateStep(GateRunner runner, ReleaseSource source) {
        this.runner = runner;
        this.source = source;
        this.worktrees = new Worktrees(source);
    }

    @Override
    public Step step() {
        return Step.Gate;
    }

    @Override
    public Optional<StepResult.Done> notNeeded(StepContext context) {
        return context.request().spec().getGates().isEmpty()
                ? Optional.of(new StepResult.Done(Reason.NoGates, "no gates declared in spec.gates", Optional.empty()))
                : Optional.empty();
    }

    /** A gate whose container runs when its release is dropped is killed and removed. */
    @Override
    public void abandon(ReleaseRequest request, ReleaseProgress release) {
        for (var record : release.getGates()) {
            if (record.getResult() == GateOutcome.Running && record.getRunName() != null) {
                runner.finish(request.target(), record.getRunName());
            }
        }
    }

    @Override
    public StepResult run(StepContext context) {
        var gates = context.request().spec().getGates();
        var records = context.release().getGates();
        // spec.gates may have been edited while the release ran them: only this spec's gates count, in its order.
        for (var record : List.copyOf(records)) {
            if (gates.stream().noneMatch(gate -> gate.getName().equals(record.getName()))) {
                if (record.getResult() == GateOutcome.Running && record.getRunName() != null) {
                    runner.finish(context.request().target(), record.getRunName());
                }
                records.remove(record);
            }
        }
        for (var gate : gates) {
            var record = recordOf(records, gate.getName());
            if (record.isEmpty()) {
                return next(context, gate);
            }
            switch (record.get().getResult()) {
                case Running -> {
                    return advance(context, gate, record.get());
                }
                case Failed -> {
                    return failed(gate, record.get());
                }
                default -> {
                    // Passed, Skipped, AllowedFailure: on to the next gate
                }
            }
        }
        return StepResult.done(Reason.GatesPassed, summary(records));
    }

    /** Skips the gate when its paths did not change, else marks it Running for the next reconcile to start. */
    private StepResult next(StepContext context, GateSpec gate) {
        var record = new GateRecord(gate.getName(), GateOutcome.Running);
        record.setStartedAt(Timestamps.format(context.now()));
        var skip = skipReason(context, gate);
        if (skip.isPresent()) {
            record.setResult(GateOutcome.Skipped);
            record.setMessage(skip.get());
            record.setFinishedAt(record.getStartedAt());
            context.release().getGates().add(record);
            context.events().add(ReleaseEvent.normal(Reason.GateSkipped, "gate " + gate.getName() + " of " + context.release().getTag()
                    + " skipped: " + skip.get()));
            return run(context);
        }
        record.setMessage(command(gate));
        context.release().getGates().add(record);
        context.events().add(ReleaseEvent.normal(Reason.GateStarted, "gate " + gate.getName() + " of " + context.release().getTag()
                + " started: " + command(gate)));
        return running(gate, Duration.ZERO);
    }

    /** Starts the marked gate's container, or looks at the one started. */
    private StepResult advance(StepContext context, GateSpec gate, GateRecord record) {
        var target = context.request().target();
        var now = context.now();
        if (record.getRunName() == null) {
            GateRun run;
            try {
                run = gateRun(context, gate, worktrees.of(context).directory());
            } catch (SourceRefusedException e) {
                return Worktrees.refused(e);
            }
            var notRun = runner.start(run);
            if (notRun.isPresent()) {
                return ended(context, gate, record, notRun.get());
            }
            record.setRunName(run.runName());
            // Milliseconds, not the seconds of other timestamps: the gate's duration and timeout are measured from it.
            record.setStartedAt(now.truncatedTo(ChronoUnit.MILLIS).toString());
            return running(gate, FIRST_POLL);
        }
        var started = Instant.parse(record.getStartedAt());
        var elapsed = Duration.between(started, now);
        var state = runner.observe(target, record.getRunName());
        if (state instanceof GateState.Missing) {
            // Removed by someone, or created and never started before a restart: run it again from the start.
            record.setRunName(null);
            return running(gate, Duration.ZERO);
        }
        var timeout = Duration.ofSeconds(gate.getTimeoutSeconds());
        if (state instanceof GateState.Exited exited) {
            var output = runner.finish(target, record.getRunName());
            return ended(context, gate, record, new GateResult.Exited(exited.exitCode(), output, elapsed));
        }
        if (elapsed.compareTo(timeout) >= 0) {
            var output = runner.finish(target, record.getRunName());
            return ended(context, gate, record, new GateResult.TimedOut(timeout, output, elapsed));
        }
        // Soon after the start (most gates that do nothing are done in milliseconds), then less often.
        var poll = elapsed.dividedBy(4);
        poll = poll.compareTo(FIRST_POLL) < 0 ? FIRST_POLL : poll.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : poll;
        var left = timeout.minus(elapsed);
        return running(gate, poll.compareTo(left) > 0 ? left : poll);
    }

    private static StepResult running(GateSpec gate, Duration after) {
        return new StepResult.Wait(after, Reason.GateRunning, "gate " + gate.getName() + " is running: " + command(gate));
    }

    /** Records how the gate ended, and goes on to the next gate (or fails the step). */
    private StepResult ended(StepContext context, GateSpec gate, GateRecord record, GateResult result) {
        var release = context.release();
        var mask = SecretMask.of(secretValues(context));
        record.setRunName(null);
        record.setDurationMillis(result.took().toMillis());
        record.setFinishedAt(Timestamps.format(result instanceof GateResult.NotRun ? context.now().plus(result.took()) : context.now()));
        record.setOutput(blankToNull(mask.apply(result.output())));
        var failure = failure(result, gate, mask);
        if (result instanceof GateResult.Exited exited) {
            record.setExitCode(exited.exitCode());
        }
        var tag = release.getTag();
        if (failure.isEmpty()) {
            record.setResult(GateOutcome.Passed);
            record.setMessage("exited with code 0 after " + seconds(result.took()));
            context.events().add(ReleaseEvent.normal(Reason.GatePassed, "gate " + gate.getName() + " of " + tag + " passed in "
                    + seconds(result.took())));
        } else if (gate.getAllowFailure() != null) {
            record.setResult(GateOutcome.AllowedFailure);
            record.setMessage(failure.get() + "; allowed to fail: " + gate.getAllowFailure().getReason());
            context.events().add(ReleaseEvent.warning(Reason.GateAllowedFailure, "gate " + gate.getName() + " of " + tag + " "
                    + failure.get() + "; the release goes on, allowed to fail: " + gate.getAllowFailure().getReason()));
        } else {
            record.setResult(GateOutcome.Failed);
            record.setMessage(failure.get());
            context.events().add(ReleaseEvent.warning(Reason.GateFailed, "gate " + gate.getName() + " of " + tag + " "
                    + failure.get() + lastLine(record.getOutput())));
            return failed(gate, record);
        }
        var gates = context.request().spec().getGates();
        var index = gates.indexOf(gate);
        return index + 1 < gates.size() ? next(context, gates.get(index + 1)) : run(context);
    }

    private GateRun gateRun(StepContext context, GateSpec gate, java.nio.file.Path checkout) {
        return new GateRun(context.request().target(), runName(context, gate), image(context, gate), checkout, gate.getWorkingDir(),
                gate.getCommand(), environment(context, gate), network(context, gate), context.request().key());
    }

    /** What went wrong, or nothing when the gate passed. */
    private static Optional<String> failure(GateResult result, GateSpec gate, SecretMask mask) {
        if (result instanceof GateResult.Exited exited) {
            return exited.exitCode() == 0 ? Optional.empty() : Optional.of("exited with code " + exited.exitCode());
        }
        if (result instanceof GateResult.TimedOut) {
            return Optional.of("timed out after " + gate.getTimeoutSeconds() + " s and was killed");
        }
        return Optional.of("could not run: " + mask.apply(((GateResult.NotRun) result).why()));
    }

    private static StepResult failed(GateSpec gate, GateRecord record) {
        return StepResult.failed(Reason.GateFailed, "gate " + gate.getName() + " " + record.getMessage() + lastLine(record.getOutput()));
    }

    /**
     * Why a gate with a path condition is not run, if it is not: no changed file matches. On a first
     * release, or when the last good commit is no longer in the repository, every file counts as changed.
     */
    private Optional<String> skipReason(StepContext context, GateSpec gate) {
        if (gate.getWhen() == null) {
            return Optional.empty();
        }
        var status = context.status();
        var lastGood = status.getLastGoodCommit();
        if (lastGood == null) {
            return Optional.empty();
        }
        var release = context.release();
        var changed = source.changedPaths(context.request().source(release.getTag(), Optional.of(release.getCommit())),
                lastGood, release.getCommit());
        if (changed.isEmpty()) {
            return Optional.empty();
        }
        var globs = PathGlobs.of(gate.getWhen().getChanged());
        if (globs.firstMatch(changed.get()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("no file matching " + globs + " changed since " + status.getLastGoodTag() + " ("
                + abbreviate(lastGood) + "); " + changed.get().size() + " other file(s) changed");
    }

    /** The gate's Secret, the tag and commit, and the gate's name: what a Makefile target may need. */
    private static java.util.Map<String, String> environment(StepContext context, GateSpec gate) {
        var env = new HashMap<>(context.request().gateSecrets().of(gate.getEnvSecretRef()));
        env.put("HORADUS_TAG", context.release().getTag());
        env.put("HORADUS_COMMIT", context.release().getCommit());
        env.put("HORADUS_GATE", gate.getName());
        return env;
    }

    private static List<String> secretValues(StepContext context) {
        var values = new ArrayList<>(context.request().gateSecrets().maskedValues());
        values.addAll(context.request().secrets().maskedValues());
        values.addAll(context.request().probeSecrets().maskedValues());
        return values;
    }

    /** A compose project's network is {@code <project>_<name>}: the name compose v1 and v2 give it. */
    private static Optional<String> network(StepContext context, GateSpec gate) {
        return Optional.ofNullable(gate.getNetwork()).map(name -> context.request().spec().getTarget().getProject() + "_" + name);
    }

    /**
     * A built image is tagged per project and (Dockerfile, stage), not per release: each build moves the
     * tag, and the next one reuses the layers.
     */
    private static GateImage image(StepContext context, GateSpec gate) {
        if (gate.getBuild() == null) {
            return new GateImage.Declared(gate.getImage());
        }
        var build = gate.getBuild();
        var stage = Optional.ofNullable(build.getTarget());
        return new GateImage.Built(build.getDockerfile(), stage, "horadus-gate/" + context.request().spec().getTarget().getProject()
                + ":" + stage.orElse("final") + "-" + digest(build.getDockerfile()));
    }

    private static String digest(String text) {
        try {
            var hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** project-gate-name-tag-attempt-start: unique per attempt and gate, the same when a restart re-runs it. */
    private static String runName(StepContext context, GateSpec gate) {
        var release = context.release();
        var started = Instant.parse(release.getStartedAt()).getEpochSecond();
        return context.request().spec().getTarget().getProject() + "-gate-" + gate.getName() + "-" + release.getTag() + "-"
                + release.getAttempt() + "-" + Long.toString(started, 36);
    }

    private static String summary(List<GateRecord> records) {
        var passed = records.stream().filter(r -> r.getResult() == GateOutcome.Passed).map(GateRecord::getName).toList();
        var skipped = records.stream().filter(r -> r.getResult() == GateOutcome.Skipped).map(GateRecord::getName).toList();
        var allowed = records.stream().filter(r -> r.getResult() == GateOutcome.AllowedFailure).map(GateRecord::getName).toList();
        var parts = new ArrayList<String>();
        parts.add(passed.isEmpty() ? "no gate ran" : "passed: " + String.join(", ", passed));
        if (!skipped.isEmpty()) {
            parts.add("skipped (no matching change): " + String.join(", ", skipped));
        }
        if (!allowed.isEmpty()) {
            parts.add("failed but allowed to: " + String.join(", ", allowed));
        }
        return String.join("; ", parts);
    }

    private static Optional<GateRecord> recordOf(List<GateRecord> records, String name) {
        return records.stream().filter(record -> record.getName().equals(name)).findFirst();
    }

    private static String command(GateSpec gate) {
        return String.join(" ", gate.getCommand());
    }

    private static String lastLine(String output) {
        if (output == null || output.isBlank()) {
            return "";
        }
        var lines = output.strip().split("\n");
        var last = lines[lines.length - 1].strip();
        return ": " + (last.length() > 200 ? last.substring(0, 200) + "…" : last);
    }

    private static String seconds(Duration took) {
        return String.format(java.util.Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }

    private static String abbreviate(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }

    private static String blankToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}

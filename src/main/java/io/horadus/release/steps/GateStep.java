package io.horadus.release.steps;

import io.horadus.api.GateOutcome;
import io.horadus.api.GateRecord;
import io.horadus.api.GateSpec;
import io.horadus.api.Step;
import io.horadus.release.GateImage;
import io.horadus.release.GateResult;
import io.horadus.release.GateRun;
import io.horadus.release.GateRunner;
import io.horadus.release.PathGlobs;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.ReleaseSource;
import io.horadus.release.ReleaseStep;
import io.horadus.release.SecretMask;
import io.horadus.release.SourceRefusedException;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.Timestamps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's pre-release checklist: each gate of spec.gates, in order, in a one-off container on the
 * Docker host (see {@link GateRunner}), before approval, the build, the migration or the rollout.
 *
 * <p>One gate per reconcile, and status says which one runs before it runs: a reconcile marks the next
 * gate {@code Running} (an Event says so) and comes back at once; the next runs it, records its result
 * and marks the gate after it. Gates are read-only by contract, so a gate found {@code Running} after
 * a restart is simply run again (the runner removes its leftover container first).
 *
 * <p>Fail closed: a non-zero exit, a timeout, an image that is missing or fails to build, an engine
 * error, each fails the gate, and a failed gate fails the step ({@code GateFailed}): the release stops
 * before the build and the previous version keeps serving. A gate allowed to fail is recorded as
 * {@code AllowedFailure} with its written reason, never as passed.
 */
public final class GateStep implements ReleaseStep {

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
                ? Optional.of(new StepResult.Done("NoGates", "no gates declared in spec.gates", Optional.empty()))
                : Optional.empty();
    }

    @Override
    public StepResult run(StepContext context) {
        var gates = context.request().spec().getGates();
        var records = context.release().getGates();
        // spec.gates may have been edited while the release waited: only this spec's gates count, in its order.
        records.removeIf(record -> gates.stream().noneMatch(gate -> gate.getName().equals(record.getName())));
        for (var gate : gates) {
            var record = recordOf(records, gate.getName());
            if (record.isEmpty()) {
                return next(context, gate);
            }
            switch (record.get().getResult()) {
                case Running -> {
                    return finish(context, gate, record.get());
                }
                case Failed -> {
                    return failed(gate, record.get());
                }
                default -> {
                    // Passed, Skipped, AllowedFailure: on to the next gate
                }
            }
        }
        return StepResult.done("GatesPassed", summary(records));
    }

    /** Skips the gate when its paths did not change, else marks it Running for the next reconcile to run. */
    private StepResult next(StepContext context, GateSpec gate) {
        var record = new GateRecord(gate.getName(), GateOutcome.Running);
        record.setStartedAt(Timestamps.format(context.now()));
        var skip = skipReason(context, gate);
        if (skip.isPresent()) {
            record.setResult(GateOutcome.Skipped);
            record.setMessage(skip.get());
            record.setFinishedAt(record.getStartedAt());
            context.release().getGates().add(record);
            context.events().add(ReleaseEvent.normal("GateSkipped", "gate " + gate.getName() + " of " + context.release().getTag()
                    + " skipped: " + skip.get()));
            return run(context);
        }
        record.setMessage(command(gate));
        context.release().getGates().add(record);
        context.events().add(ReleaseEvent.normal("GateStarted", "gate " + gate.getName() + " of " + context.release().getTag()
                + " started: " + command(gate)));
        return new StepResult.Wait(Duration.ZERO, "GateRunning", "gate " + gate.getName() + " is running: " + command(gate));
    }

    private StepResult finish(StepContext context, GateSpec gate, GateRecord record) {
        var release = context.release();
        GateResult result;
        try {
            var checkout = worktrees.of(context);
            result = runner.run(new GateRun(context.request().target(), runName(context, gate), image(context, gate),
                    checkout.directory(), gate.getWorkingDir(), gate.getCommand(), environment(context, gate),
                    network(context, gate), Duration.ofSeconds(gate.getTimeoutSeconds())));
        } catch (SourceRefusedException e) {
            return Worktrees.refused(e);
        }
        var mask = SecretMask.of(secretValues(context));
        record.setDurationMillis(result.took().toMillis());
        // The reconcile's clock reading is from before the run; the run's own length dates its end.
        record.setFinishedAt(Timestamps.format(context.now().plus(result.took())));
        record.setOutput(blankToNull(mask.apply(result.output())));
        var failure = failure(result, gate, mask);
        if (result instanceof GateResult.Exited exited) {
            record.setExitCode(exited.exitCode());
        }
        var tag = release.getTag();
        if (failure.isEmpty()) {
            record.setResult(GateOutcome.Passed);
            record.setMessage("exited with code 0 after " + seconds(result.took()));
            context.events().add(ReleaseEvent.normal("GatePassed", "gate " + gate.getName() + " of " + tag + " passed in "
                    + seconds(result.took())));
        } else if (gate.getAllowFailure() != null) {
            record.setResult(GateOutcome.AllowedFailure);
            record.setMessage(failure.get() + "; allowed to fail: " + gate.getAllowFailure().getReason());
            context.events().add(ReleaseEvent.warning("GateAllowedFailure", "gate " + gate.getName() + " of " + tag + " "
                    + failure.get() + "; the release goes on, allowed to fail: " + gate.getAllowFailure().getReason()));
        } else {
            record.setResult(GateOutcome.Failed);
            record.setMessage(failure.get());
            context.events().add(ReleaseEvent.warning("GateFailed", "gate " + gate.getName() + " of " + tag + " "
                    + failure.get() + lastLine(record.getOutput())));
            return failed(gate, record);
        }
        var gates = context.request().spec().getGates();
        var index = gates.indexOf(gate);
        return index + 1 < gates.size() ? next(context, gates.get(index + 1)) : run(context);
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
        return StepResult.failed("GateFailed", "gate " + gate.getName() + " " + record.getMessage() + lastLine(record.getOutput()));
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
        var env = new HashMap<>(context.request().gateSecrets().envOf(gate.getEnvSecretRef()));
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

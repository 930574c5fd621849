package io.horadus.release.steps;

import io.horadus.api.Reason;
import io.horadus.api.Step;
import io.horadus.release.OnceOnlyRun;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StatusRecords;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRefusedException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The runbook's `compose --profile ops run --rm migrate`, at most once per release attempt, in two
 * reconciles so that "once" rests on status and the run's own container, never on the engine's short
 * event history:
 * <ol>
 *   <li>run under a name and label unique to the attempt, without {@code --rm}; read the exited
 *       container's exit code and record it in status ({@code release.migrationExitCode}), then
 *       requeue at once;</li>
 *   <li>with the code recorded, remove the container (the runbook's {@code --rm}) and end the step.</li>
 * </ol>
 * When the step was already started by an earlier reconcile (the operator restarted, a call failed),
 * it first asks the host what became of the run ({@link OnceOnlyRun}, which the down-migration of a
 * rollback shares). A failed migration stops the release before `up`, so the previous version keeps serving.
 */
public final class MigrateStep implements ReleaseStep {

    static final Duration RUNNING_POLL = Duration.ofSeconds(1);

    private final ComposeHost compose;
    private final OnceOnlyRun once;
    private final Worktrees worktrees;

    public MigrateStep(ComposeHost compose, HostObserver observer, ReleaseSource source) {
        this.compose = compose;
        this.once = new OnceOnlyRun(observer);
        this.worktrees = new Worktrees(source);
    }

    @Override
    public Step step() {
        return Step.Migrate;
    }

    /** A migration must not run twice: its intent gets a status write of its own. */
    @Override
    public boolean repeatable() {
        return false;
    }

    @Override
    public StepResult run(StepContext context) {
        var migration = context.request().spec().getRollout().getMigration();
        if (!migration.isEnabled()) {
            return StepResult.done(Reason.MigrationDisabled, "migration disabled in spec.rollout.migration");
        }
        var release = context.release();
        if (release.getMigrationRun() == null) {
            release.setMigrationRun(runName(context));
        }
        var runName = release.getMigrationRun();
        var target = context.request().target();
        var since = Instant.parse(release.getStepStartedAt());
        var before = once.before(target, runName, release.getMigrationExitCode(), since, context.resumed());
        if (!(before instanceof OnceOnlyRun.Next.Run)) {
            return answer(context, runName, before, Optional.empty());
        }
        ReleaseWorktree checkout;
        try {
            checkout = worktrees.of(context);
        } catch (SourceRefusedException e) {
            return Worktrees.refused(e);
        }
        var result = compose.migrate(checkout, migration.getService(), migration.getProfile(), runName);
        return answer(context, runName, once.after(target, runName, since, result), Optional.of(result));
    }

    /** What the run's state means for the step; {@code command} is present when this pass ran it. */
    private static StepResult answer(StepContext context, String runName, OnceOnlyRun.Next next, Optional<CommandResult> command) {
        if (next instanceof OnceOnlyRun.Next.Finished finished) {
            return finished(context, runName, finished.exitCode());
        }
        if (next instanceof OnceOnlyRun.Next.Running) {
            return new StepResult.Wait(RUNNING_POLL, Reason.MigrationRunning, "migration " + runName + " is still running on the host");
        }
        if (next instanceof OnceOnlyRun.Next.Exited exited) {
            return record(context, runName, exited.exitCode(), command);
        }
        var result = command.orElseThrow();
        if (next instanceof OnceOnlyRun.Next.NeverStarted && result.succeeded()) {
            return StepResult.failed(Reason.MigrationFailed, "migration " + runName + " was created but never started");
        }
        // Never started with compose's failure, or no container: compose's result is all there is. A later migration removes a leftover.
        return StepResult.ofCommand(result, Reason.MigrationSucceeded, Reason.MigrationFailed, "migration " + runName);
    }

    /**
     * Puts the exit code (and the command's output, when this process ran it) into status and comes
     * back at once: the container is removed only after that write succeeded.
     */
    private static StepResult record(StepContext context, String runName, int exitCode, Optional<CommandResult> command) {
        context.release().setMigrationExitCode(exitCode);
        command.ifPresent(c -> StatusRecords.recordCommand(context.status(), Step.Migrate, c, context.now()));
        return new StepResult.Wait(Duration.ZERO, Reason.MigrationExited, "migration " + runName + " exited with code " + exitCode
                + "; its container is removed once that is recorded");
    }

    private static StepResult finished(StepContext context, String runName, int exitCode) {
        var command = recordedCommand(context, runName);
        if (command.isPresent() && command.get().exitCode() == exitCode) {
            return StepResult.ofCommand(command.get(), Reason.MigrationSucceeded, Reason.MigrationFailed, "migration " + runName);
        }
        return exitCode == 0
                ? StepResult.done(Reason.MigrationSucceeded, "migration " + runName + " had already completed on the host")
                : StepResult.failed(Reason.MigrationFailed, "migration " + runName + " exited with code " + exitCode);
    }

    /** The run's command as the first reconcile recorded it, so the result carries its output as a one-reconcile run would. */
    private static Optional<CommandResult> recordedCommand(StepContext context, String runName) {
        var last = context.status().getLastCommand();
        if (last == null || last.getStep() != Step.Migrate || last.getExitCode() == null || !last.getArgv().contains(runName)) {
            return Optional.empty();
        }
        var millis = last.getDurationMillis() == null ? 0 : last.getDurationMillis();
        return Optional.of(new CommandResult(last.getArgv(), last.getExitCode(), last.getOutputTail(), Duration.ofMillis(millis)));
    }

    /** project-service-tag-attempt-start: unique per attempt, a valid container name, readable in `docker ps`. */
    private static String runName(StepContext context) {
        var release = context.release();
        var started = Instant.parse(release.getStartedAt()).getEpochSecond();
        return context.request().spec().getTarget().getProject() + "-"
                + context.request().spec().getRollout().getMigration().getService() + "-"
                + release.getTag() + "-" + release.getAttempt() + "-" + Long.toString(started, 36);
    }
}

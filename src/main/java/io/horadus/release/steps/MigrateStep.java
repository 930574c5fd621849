package io.horadus.release.steps;

import io.horadus.api.Step;
import io.horadus.release.ComposeHost;
import io.horadus.release.HostObserver;
import io.horadus.release.MigrationRun;
import io.horadus.release.ReleaseSource;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;

import java.time.Duration;
import java.time.Instant;

/**
 * The runbook's `compose --profile ops run --rm migrate`, at most once per release attempt.
 * Every run is named and labelled after the attempt. When the step was already started by an earlier
 * reconcile (the operator restarted, or a call failed), it first asks the host what became of that run:
 * still running → wait; exited → take its exit code; no trace → it never started, so run it. A failed
 * migration stops the release before `up`, so the previous version keeps serving.
 */
public final class MigrateStep implements ReleaseStep {

    static final Duration RUNNING_POLL = Duration.ofSeconds(1);

    private final ComposeHost compose;
    private final HostObserver observer;
    private final Worktrees worktrees;

    public MigrateStep(ComposeHost compose, HostObserver observer, ReleaseSource source) {
        this.compose = compose;
        this.observer = observer;
        this.worktrees = new Worktrees(source);
    }

    @Override
    public Step step() {
        return Step.Migrate;
    }

    @Override
    public StepResult run(StepContext context) {
        var migration = context.request().spec().getRollout().getMigration();
        if (!migration.isEnabled()) {
            return StepResult.done("MigrationDisabled", "migration disabled in spec.rollout.migration");
        }
        var release = context.release();
        if (release.getMigrationRun() == null) {
            release.setMigrationRun(runName(context));
        }
        var runName = release.getMigrationRun();
        if (context.resumed()) {
            var since = Instant.parse(release.getStepStartedAt());
            var seen = observer.migrationRun(context.request().target(), runName, since);
            if (seen instanceof MigrationRun.Running) {
                return new StepResult.Wait(RUNNING_POLL, "MigrationRunning", "migration " + runName + " is still running on the host");
            }
            if (seen instanceof MigrationRun.Exited exited) {
                return exited.exitCode() == 0
                        ? StepResult.done("MigrationSucceeded", "migration " + runName + " had already completed on the host")
                        : StepResult.failed("MigrationFailed", "migration " + runName + " exited with code " + exited.exitCode());
            }
        }
        var result = compose.migrate(worktrees.of(context), migration.getService(), migration.getProfile(), runName);
        return StepResult.ofCommand(result, "MigrationSucceeded", "MigrationFailed", "migration " + runName);
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

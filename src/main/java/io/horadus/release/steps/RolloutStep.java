package io.horadus.release.steps;

import io.horadus.api.Step;
import io.horadus.release.ComposeHost;
import io.horadus.release.ReleaseSource;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;

/**
 * The runbook's `compose up -d api worker beat`: replaces the services' containers with the release's
 * images. Safe to repeat: compose leaves containers that already match alone.
 */
public final class RolloutStep implements ReleaseStep {

    private final ComposeHost compose;
    private final Worktrees worktrees;

    public RolloutStep(ComposeHost compose, ReleaseSource source) {
        this.compose = compose;
        this.worktrees = new Worktrees(source);
    }

    @Override
    public Step step() {
        return Step.RollOut;
    }

    @Override
    public StepResult run(StepContext context) {
        var services = context.request().spec().getRollout().getUp();
        var result = compose.up(worktrees.of(context), services);
        return StepResult.ofCommand(result, "RolloutSucceeded", "RolloutFailed", "up of " + String.join(", ", services));
    }
}

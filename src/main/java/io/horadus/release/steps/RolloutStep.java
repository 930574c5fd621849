package io.horadus.release.steps;

import io.horadus.api.Reason;
import io.horadus.api.Step;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.Timestamps;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRefusedException;

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
        ReleaseWorktree checkout;
        try {
            checkout = worktrees.of(context);
        } catch (SourceRefusedException e) {
            return Worktrees.refused(e);
        }
        var result = compose.up(checkout, services);
        if (result.succeeded()) {
            context.release().setRolledOutAt(Timestamps.format(context.now()));
        }
        return StepResult.ofCommand(result, Reason.RolloutSucceeded, Reason.RolloutFailed, "up of " + String.join(", ", services));
    }
}

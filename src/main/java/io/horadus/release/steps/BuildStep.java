package io.horadus.release.steps;

import io.horadus.api.Reason;
import io.horadus.api.Step;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRefusedException;

/**
 * The runbook's `compose build api worker`. Builds the declared services' images for the release's
 * commit; the running services are untouched, so a failed build leaves the previous version serving.
 * Safe to repeat: a rebuild reuses the image cache.
 */
public final class BuildStep implements ReleaseStep {

    private final ComposeHost compose;
    private final Worktrees worktrees;

    public BuildStep(ComposeHost compose, ReleaseSource source) {
        this.compose = compose;
        this.worktrees = new Worktrees(source);
    }

    @Override
    public Step step() {
        return Step.Build;
    }

    @Override
    public StepResult run(StepContext context) {
        var services = context.request().spec().getRollout().getBuild();
        if (services.isEmpty()) {
            return StepResult.done(Reason.NothingToBuild, "no services to build");
        }
        ReleaseWorktree checkout;
        try {
            checkout = worktrees.of(context);
        } catch (SourceRefusedException e) {
            return Worktrees.refused(e);
        }
        var result = compose.build(checkout, services);
        return StepResult.ofCommand(result, Reason.BuildSucceeded, Reason.BuildFailed, "build of " + String.join(", ", services));
    }
}

package io.horadus.release.steps;

import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRefusedException;

import java.util.Optional;

/** The resolved release's checkout, for the steps that run compose in it. */
final class Worktrees {

    private final ReleaseSource source;

    Worktrees(ReleaseSource source) {
        this.source = source;
    }

    /** @throws SourceRefusedException when the commit is gone from the remote: see {@link #refused} */
    ReleaseWorktree of(StepContext context) {
        var release = context.release();
        var request = context.request();
        var directory = source.worktree(request.source(release.getTag(), Optional.of(release.getCommit())), release.getCommit());
        return new ReleaseWorktree(request.target(), release.getTag(), release.getCommit(), directory);
    }

    /** A checkout that can never be made again fails the step with the refusal's reason (CommitGone), Stalled like a bad tag. */
    static StepResult refused(SourceRefusedException e) {
        return StepResult.failed(e.refusal().reason().reason(), e.refusal().message());
    }
}

package io.horadus.release.steps;

import io.horadus.release.ReleaseSource;
import io.horadus.release.ReleaseWorktree;
import io.horadus.release.StepContext;

import java.util.Optional;

/** The resolved release's checkout, for the steps that run compose in it. */
final class Worktrees {

    private final ReleaseSource source;

    Worktrees(ReleaseSource source) {
        this.source = source;
    }

    ReleaseWorktree of(StepContext context) {
        var release = context.release();
        var request = context.request();
        var directory = source.worktree(request.source(release.getTag(), Optional.of(release.getCommit())), release.getCommit());
        return new ReleaseWorktree(request.target(), release.getTag(), release.getCommit(), directory);
    }
}

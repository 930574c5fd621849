package io.horadus.release.rollback;

import io.horadus.api.ImageSnapshot;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRefusedException;

import java.util.List;
import java.util.Optional;

/**
 * Puts a released version back on the host without a migration: the one path shared by a rollback
 * (the last good release) and a re-converge (the release's own version, after drift). From its kept
 * images, re-tagged under the names compose uses, then {@code up -d --no-build} in its checkout; or,
 * when those images are gone, rebuilt from the checkout and started.
 */
public final class PutBack {

    /** Where the version came back from (status.rollback.restoredFrom). */
    public enum From { Snapshots, Rebuild }

    /** The compose command's result, and where the images came from. */
    public record Result(From from, CommandResult command) {
    }

    private final ImageSnapshots snapshots;
    private final ComposeHost compose;
    private final ReleaseSource source;

    public PutBack(ImageSnapshots snapshots, ComposeHost compose, ReleaseSource source) {
        this.snapshots = snapshots;
        this.compose = compose;
        this.source = source;
    }

    /**
     * From {@code images} when they are all still on the host, else (when {@code rebuild} allows it) from a
     * rebuild of the checkout.
     *
     * @throws SourceRefusedException when the version's commit is gone from the remote: nothing to put back from
     */
    public Result putBack(ReleaseRequest request, String tag, String commit, List<ImageSnapshot> images, boolean rebuild) {
        var target = request.target();
        var directory = source.worktree(request.source(tag, Optional.ofNullable(commit)), commit);
        var worktree = new ReleaseWorktree(target, tag, commit, directory);
        var rollout = request.spec().getRollout();
        if (!rebuild || snapshots.allPresent(target, images)) {
            snapshots.restore(target, images);
            return new Result(From.Snapshots, compose.restore(worktree, rollout.getUp()));
        }
        var result = rollout.getBuild().isEmpty() ? null : compose.build(worktree, rollout.getBuild());
        if (result == null || result.succeeded()) {
            result = compose.up(worktree, rollout.getUp());
        }
        return new Result(From.Rebuild, result);
    }
}

package io.horadus.release.port;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The git source of releases (the runbook's "sync branch, clean tree").
 * Transient failures (remote unreachable, I/O) are thrown as {@link SourceUnavailableException};
 * a tag that must not be released is a {@link SourceResult.Refused}, never an exception.
 */
public interface ReleaseSource {

    /**
     * Fetches the remote, resolves the tag, checks that it may be released (exists, annotated,
     * reachable from the branch, same commit as recorded earlier), checks its commit out into the
     * operator's work area and verifies the tree is clean.
     */
    SourceResult resolve(SourceRequest request);

    /**
     * The clean checkout of an already resolved commit, re-created (fetching if needed) when the work
     * area lost it, e.g. after the operator moved to a new pod.
     *
     * @throws SourceRefusedException ({@link SourceRefusal#CommitGone}) when a fetch succeeded and the
     *                                commit is not in the remote any more
     */
    Path worktree(SourceRequest request, String commit);

    /**
     * The paths (relative to the repository's root, '/'-separated) of the files added, changed,
     * deleted or renamed (both names) between two commits of the source, for the gates' path
     * conditions. Empty when {@code fromCommit} is not in the repository (history rewritten): the
     * caller then counts every file as changed.
     */
    Optional<List<String>> changedPaths(SourceRequest request, String fromCommit, String toCommit);
}

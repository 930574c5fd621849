package io.horadus.release;

import java.nio.file.Path;

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
}

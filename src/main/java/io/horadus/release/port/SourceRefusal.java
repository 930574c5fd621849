package io.horadus.release.port;

/** Why a tag is refused; each name is the condition reason users see. */
public enum SourceRefusal {
    /** No such tag in the repository. */
    TagNotFound,
    /** The tag is lightweight; releases need annotated tags. */
    TagNotAnnotated,
    /** The tag's commit is not reachable from the release branch. */
    TagNotOnBranch,
    /** The tag points to another commit than the one recorded for it earlier. */
    TagMoved,
    /** The release branch does not exist in the repository. */
    BranchNotFound,
    /** The checked-out tree differs from the commit. */
    DirtyTree,
    /**
     * The release's commit is no longer in the repository: its tag was deleted and no branch or tag
     * holds the commit any more (or history was rewritten). No retry can bring it back.
     */
    CommitGone
}

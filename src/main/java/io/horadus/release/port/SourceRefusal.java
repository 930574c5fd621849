package io.horadus.release.port;

import io.horadus.api.Reason;

/** Why a tag is refused; each is the condition reason users see, {@link #reason()}, of the same name. */
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
    CommitGone;

    /** The reason a step refused this way fails with. */
    public Reason reason() {
        return switch (this) {
            case TagNotFound -> Reason.TagNotFound;
            case TagNotAnnotated -> Reason.TagNotAnnotated;
            case TagNotOnBranch -> Reason.TagNotOnBranch;
            case TagMoved -> Reason.TagMoved;
            case BranchNotFound -> Reason.BranchNotFound;
            case DirtyTree -> Reason.DirtyTree;
            case CommitGone -> Reason.CommitGone;
        };
    }
}

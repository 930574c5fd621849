package io.horadus.source;

import io.horadus.release.port.SourceRefusal;
import io.horadus.release.port.SourceResult;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.util.Optional;

/**
 * Decides from a freshly fetched mirror whether a tag may be released, checking in this order:
 * branch exists, tag exists (a missing tag whose recorded commit no branch or tag holds any more is
 * {@code CommitGone}), tag is annotated, its commit is reachable from the branch, and it is the
 * commit recorded earlier. Reads the mirror only. An IOException means the mirror could not be
 * read (a damaged repository), not that the tag is bad.
 */
final class TagCheck {

    private TagCheck() {
    }

    static TagVerdict check(Repository mirror, String shownUrl, String branch, String tag, Optional<String> recordedCommit)
            throws IOException {
        String branchRef = Constants.R_HEADS + branch;
        Ref branchHead = Repository.isValidRefName(branchRef) ? mirror.exactRef(branchRef) : null;
        if (branchHead == null || branchHead.getObjectId() == null) {
            return refused(SourceRefusal.BranchNotFound, "branch '" + branch + "' not found in " + shownUrl);
        }
        String tagRef = Constants.R_TAGS + tag;
        Ref tagHead = Repository.isValidRefName(tagRef) ? mirror.exactRef(tagRef) : null;
        if (tagHead == null || tagHead.getObjectId() == null) {
            if (recordedCommit.isPresent() && !Mirror.isReachable(mirror, recordedCommit.get())) {
                return refused(SourceRefusal.CommitGone, "tag '" + tag + "' was deleted from " + shownUrl + " and commit "
                        + recordedCommit.get() + " it was released at is no longer on any branch or tag");
            }
            return refused(SourceRefusal.TagNotFound, "tag '" + tag + "' not found in " + shownUrl);
        }
        try (RevWalk walk = new RevWalk(mirror)) {
            RevObject tagged = walk.parseAny(tagHead.getObjectId());
            if (!(tagged instanceof RevTag annotated)) {
                return refused(SourceRefusal.TagNotAnnotated, "tag '" + tag + "' (commit " + tagged.name()
                        + ") is a lightweight tag; releases need an annotated tag");
            }
            RevObject target = walk.peel(annotated);
            if (!(target instanceof RevCommit commit)) {
                // A tag of a tree or blob can never be on a branch's history.
                return refused(SourceRefusal.TagNotOnBranch, "tag '" + tag + "' points to a "
                        + Constants.typeString(target.getType()) + " (" + target.name() + "), not a commit");
            }
            RevCommit head = walk.parseCommit(branchHead.getObjectId());
            if (!walk.isMergedInto(commit, head)) {
                return refused(SourceRefusal.TagNotOnBranch, "tag '" + tag + "' (commit " + commit.name()
                        + ") is not reachable from branch '" + branch + "' (commit " + head.name() + ")");
            }
            if (recordedCommit.isPresent() && !recordedCommit.get().equalsIgnoreCase(commit.name())) {
                return refused(SourceRefusal.TagMoved, "tag '" + tag + "' now points to commit " + commit.name()
                        + " but was recorded at commit " + recordedCommit.get());
            }
            walk.parseBody(annotated);
            return new TagVerdict.Releasable(commit.name(), annotated.getFullMessage());
        }
    }

    private static TagVerdict refused(SourceRefusal reason, String message) {
        return new TagVerdict.Refused(new SourceResult.Refused(reason, message));
    }
}

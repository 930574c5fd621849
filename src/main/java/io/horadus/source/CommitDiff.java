package io.horadus.source;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/** The files that differ between two commits' trees, with renames counted under both names. */
final class CommitDiff {

    private CommitDiff() {
    }

    static List<String> paths(Repository repository, ObjectId from, ObjectId to) throws IOException {
        try (var walk = new RevWalk(repository);
             var formatter = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            formatter.setRepository(repository);
            formatter.setDetectRenames(true);
            var paths = new TreeSet<String>();
            for (var entry : formatter.scan(walk.parseCommit(from).getTree(), walk.parseCommit(to).getTree())) {
                if (!DiffEntry.DEV_NULL.equals(entry.getOldPath())) {
                    paths.add(entry.getOldPath());
                }
                if (!DiffEntry.DEV_NULL.equals(entry.getNewPath())) {
                    paths.add(entry.getNewPath());
                }
            }
            return List.copyOf(paths);
        }
    }
}

package io.horadus.source;

import java.nio.file.Path;

/**
 * The layout of the operator's work area: one directory per release key holding the bare mirror,
 * the checkouts and the short-lived ssh files. Pure path arithmetic: creates nothing, fails only on
 * an empty key or tag, or a commit id shorter than 12 characters.
 */
record WorkArea(Path root) {

    WorkArea {
        root = root.toAbsolutePath().normalize();
    }

    Path keyDir(String releaseKey) {
        return root.resolve(SafeName.of(releaseKey));
    }

    Path mirror(String releaseKey) {
        return keyDir(releaseKey).resolve("mirror.git");
    }

    Path worktrees(String releaseKey) {
        return keyDir(releaseKey).resolve("worktrees");
    }

    /** {@code worktrees/<tag>-<first 12 of commit>}: a moved tag gets a new directory. */
    Path worktree(String releaseKey, String tag, String commit) {
        return worktrees(releaseKey).resolve(SafeName.of(tag) + "-" + commit.substring(0, 12));
    }

    Path sshDir(String releaseKey) {
        return keyDir(releaseKey).resolve("ssh");
    }
}

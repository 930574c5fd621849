package io.horadus.release.port;

import java.nio.file.Path;

/** A resolved release ready to act on: where it goes, which tag and commit, and its checkout. */
public record ReleaseWorktree(ComposeTarget target, String tag, String commit, Path directory) {
}

package io.horadus.release.port;

import java.nio.file.Path;

/** The outcome of resolving a tag. */
public sealed interface SourceResult {

    /** The tag may be released; its commit is checked out, clean, in {@code worktree}. */
    record Resolved(String tag, String commit, String message, Path worktree) implements SourceResult {
    }

    /** The tag must not be released. Nothing ran on the host. */
    record Refused(SourceRefusal reason, String message) implements SourceResult {
    }
}

package io.horadus.release.port;

/**
 * A checkout that can never be made: the remote answered, and the commit is not there. Thrown by
 * {@link ReleaseSource#worktree}, which returns a directory, where {@link ReleaseSource#resolve}
 * would return the {@link SourceResult.Refused}. Unlike {@link SourceUnavailableException} it is not
 * transient: a step that meets it fails with the refusal's reason instead of being retried.
 */
public class SourceRefusedException extends RuntimeException {

    private final transient SourceResult.Refused refusal;

    public SourceRefusedException(SourceResult.Refused refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    public SourceResult.Refused refusal() {
        return refusal;
    }
}

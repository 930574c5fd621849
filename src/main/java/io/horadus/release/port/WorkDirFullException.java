package io.horadus.release.port;

/**
 * The operator's work directory (horadus.work-dir: git mirrors and checkouts) has no space left for a fetch or
 * a checkout. Nothing ran on the host; the reconcile is retried with backoff and goes on once space is freed.
 */
public class WorkDirFullException extends SourceUnavailableException {
    public WorkDirFullException(String message, Throwable cause) {
        super(message, cause);
    }
}

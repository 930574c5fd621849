package io.horadus.release.port;

/** The git source could not be reached or read; the reconcile is retried with backoff. */
public class SourceUnavailableException extends RuntimeException {
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

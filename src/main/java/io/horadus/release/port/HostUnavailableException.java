package io.horadus.release.port;

/** The Docker host (or the compose CLI) could not be reached or started; retried with backoff. */
public class HostUnavailableException extends RuntimeException {
    public HostUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

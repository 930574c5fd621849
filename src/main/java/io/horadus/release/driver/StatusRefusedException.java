package io.horadus.release.driver;

/**
 * Thrown by a {@link StatusStore} that refuses the status it was given (as opposed to one it cannot
 * reach): the API server's 422 for a value its schema does not allow. The message is the store's own
 * words, naming the fields it refused, so that a person reads which field and why.
 */
public class StatusRefusedException extends RuntimeException {

    public StatusRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}

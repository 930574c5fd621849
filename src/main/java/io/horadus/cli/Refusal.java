package io.horadus.cli;

/** A command refused before acting (no such release, a flag that does not fit the state): its message is all a person needs. */
final class Refusal extends RuntimeException {

    Refusal(String message) {
        super(message, null, false, false);
    }
}

package io.horadus.release.secrets;

/** A secret named in the spec is missing or holds what it must not. The message names the secret and key, never a value. */
public final class SecretProblem extends Exception {
    public SecretProblem(String message) {
        super(message);
    }
}

package io.horadus.release.port;

/**
 * A secret the store has but will not hand over as it is (a key file that others can read, as ssh
 * refuses such a private key). Thrown by {@link SecretStore#read}; the engine reports it like any other
 * bad secret (SecretInvalid, nothing runs) with this message, which must name the secret and how to fix
 * it, and never a value.
 */
public class SecretRefusedException extends RuntimeException {

    public SecretRefusedException(String message) {
        super(message);
    }
}

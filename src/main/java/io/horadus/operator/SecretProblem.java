package io.horadus.operator;

/** A Secret named in the spec is missing or lacks a key. The message names the Secret and key, never a value. */
class SecretProblem extends Exception {
    SecretProblem(String message) {
        super(message);
    }
}

package io.horadus.verify;

/** A selector that cannot be used: it does not parse, or a regex in it cannot be compiled or run. */
final class SelectorException extends Exception {

    SelectorException(String reason) {
        super(reason, null, false, false);
    }
}

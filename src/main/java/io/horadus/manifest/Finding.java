package io.horadus.manifest;

/**
 * A problem and whether it keeps the CEL rules from running: the API server evaluates
 * x-kubernetes-validations only when no error is Required, Unsupported (enum), Too long, Too many or
 * a wrong type, because such a value may not fit the types the rules were compiled for.
 */
record Finding(Problem problem, boolean blocksRules) {

    static Finding blocking(String field, String message) {
        return new Finding(new Problem(field, message), true);
    }

    static Finding invalid(String field, String message) {
        return new Finding(new Problem(field, message), false);
    }
}

package io.horadus.manifest;

/**
 * One cause of a refusal, as the API server reports it in a Status's details.causes: the field
 * (dotted path, "[i]" for list items, "<nil>" when the server names none) and the message.
 */
public record Problem(String field, String message) {

    /** The line kubectl prints for this cause (after "* " when there are several). */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}

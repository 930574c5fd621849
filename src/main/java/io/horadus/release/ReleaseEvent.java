package io.horadus.release;

import io.horadus.api.Reason;

/**
 * Something a person should see (a Kubernetes Event, a line of the command line's progress): a step finished, failed or a release began.
 * {@code reason} is a {@link Reason}'s name: the adapter publishes it as is.
 */
public record ReleaseEvent(Type type, String reason, String message) {
    public enum Type { Normal, Warning }

    public static ReleaseEvent normal(Reason reason, String message) {
        return new ReleaseEvent(Type.Normal, reason.name(), message);
    }

    public static ReleaseEvent warning(Reason reason, String message) {
        return new ReleaseEvent(Type.Warning, reason.name(), message);
    }
}

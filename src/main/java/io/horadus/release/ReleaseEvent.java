package io.horadus.release;

/** Something a person should see in `kubectl describe`: a step finished, failed or a release began. */
public record ReleaseEvent(Type type, String reason, String message) {
    public enum Type { Normal, Warning }

    public static ReleaseEvent normal(String reason, String message) {
        return new ReleaseEvent(Type.Normal, reason, message);
    }

    public static ReleaseEvent warning(String reason, String message) {
        return new ReleaseEvent(Type.Warning, reason, message);
    }
}

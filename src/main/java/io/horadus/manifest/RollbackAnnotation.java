package io.horadus.manifest;

import io.horadus.release.RollbackRequest;

import java.util.Optional;

/**
 * The value of the horadus.io/rollback annotation as the engine's {@link RollbackRequest}:
 * {@code TARGET@TOKEN}, TARGET a tag or {@code last-good}, TOKEN anything that makes the request new
 * (a time, {@code $(date +%s)}). The whole value is the request's token: a value is acted on once, and
 * a later request needs another value; a value without {@code @} is all target and acted on once too.
 */
public final class RollbackAnnotation {

    /** The target that names no tag: the release the automatic rollback would return to. */
    public static final String LAST_GOOD = "last-good";

    private RollbackAnnotation() {
    }

    /** The value that asks for {@code target} (a tag, or {@link #LAST_GOOD}) once, made new by {@code token}. */
    public static String value(String target, String token) {
        return target + "@" + token;
    }

    /** The request the value makes, if any (an absent or blank value makes none). */
    static Optional<RollbackRequest> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        var trimmed = value.strip();
        var at = trimmed.indexOf('@');
        var target = (at < 0 ? trimmed : trimmed.substring(0, at)).strip();
        var tag = target.isEmpty() || target.equals(LAST_GOOD) ? null : target;
        return Optional.of(new RollbackRequest(tag, trimmed));
    }
}

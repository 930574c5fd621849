package io.horadus.release;

/**
 * A person's request to put a kept release back from its image snapshots, without a build or a
 * migration, through the engine's own rollback. Acted on once per distinct token: the engine records
 * the token it acted on (status.rollbackToken), served or refused, so a driver that hands the same
 * request again on every pass (an annotation that stays set) runs nothing twice.
 *
 * @param tag   the kept release to put back, or null for the one the automatic rollback would return to:
 *              the newest kept good release other than the one the host runs
 * @param token what makes this request distinct from earlier ones (how it is given is the driver's)
 */
public record RollbackRequest(String tag, String token) {

    public RollbackRequest {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a rollback request needs a token");
        }
        tag = tag == null || tag.isBlank() ? null : tag;
    }

    /** The newest kept release other than the one the host runs. */
    public static RollbackRequest lastGood(String token) {
        return new RollbackRequest(null, token);
    }

    /** What a person reads: the tag asked for, or "the last good release". */
    public String target() {
        return tag == null ? "the last good release" : tag;
    }
}

package io.horadus.manifest;

/** The annotations people set on a HoradusRelease. */
public final class Annotations {

    /** Try a failed or rolled-back tag again: {@code kubectl annotate hrel NAME horadus.io/retry=$(date +%s) --overwrite}. */
    public static final String RETRY = "horadus.io/retry";

    /**
     * Put a kept release back from its images, without a build or a migration:
     * {@code kubectl annotate hrel NAME horadus.io/rollback=last-good@$(date +%s) --overwrite}, or
     * {@code horadus.io/rollback=v1.1.0@$(date +%s)} for a kept release named by its tag. Each distinct
     * value is acted on once (status.rollbackToken); see {@link RollbackAnnotation}.
     */
    public static final String ROLLBACK = "horadus.io/rollback";

    private Annotations() {
    }
}

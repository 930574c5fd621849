package io.horadus.operator;

/** The annotations people set on a HoradusRelease. */
public final class Annotations {

    /** Try a failed or rolled-back tag again: {@code kubectl annotate hrel NAME horadus.io/retry=$(date +%s) --overwrite}. */
    public static final String RETRY = "horadus.io/retry";

    private Annotations() {
    }
}

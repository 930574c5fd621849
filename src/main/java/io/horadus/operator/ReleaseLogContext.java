package io.horadus.operator;

import org.jboss.logging.MDC;

/**
 * The release (namespace/name) and the tag a reconcile works on, in the logging context of its thread
 * for as long as it runs: every line logged meanwhile, the JOSDK's and the compose commands' included,
 * carries them as the JSON log's {@code mdc.release} and {@code mdc.tag} (HORADUS_LOG_JSON=true), so a log
 * pipeline finds a release's lines without parsing messages.
 */
final class ReleaseLogContext implements AutoCloseable {

    static final String RELEASE = "release";
    static final String TAG = "tag";

    private ReleaseLogContext() {
    }

    static ReleaseLogContext enter(String release, String tag) {
        MDC.put(RELEASE, release);
        MDC.put(TAG, tag == null ? "" : tag);
        return new ReleaseLogContext();
    }

    /** Reconcile threads serve every release in turn: what one set must not label the next one's lines. */
    @Override
    public void close() {
        MDC.remove(RELEASE);
        MDC.remove(TAG);
    }
}

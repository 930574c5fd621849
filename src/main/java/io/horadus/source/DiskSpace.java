package io.horadus.source;

import java.util.Locale;

/**
 * Tells a full disk from other I/O failures. The JDK has no exception type for it: a write on a full file
 * system (ENOSPC) or over a quota (EDQUOT) is an IOException carrying the system's message, which
 * JGit may wrap more than once.
 */
final class DiskSpace {

    private static final String[] FULL = {"no space left on device", "disk quota exceeded"};

    private DiskSpace() {
    }

    /** True when {@code failure} or one of its causes (or suppressed exceptions) says the disk is full. */
    static boolean exhausted(Throwable failure) {
        return exhausted(failure, 0);
    }

    private static boolean exhausted(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return false;
        }
        var message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
        for (var full : FULL) {
            if (message.contains(full)) {
                return true;
            }
        }
        for (var suppressed : t.getSuppressed()) {
            if (exhausted(suppressed, depth + 1)) {
                return true;
            }
        }
        return t.getCause() != t && exhausted(t.getCause(), depth + 1);
    }
}

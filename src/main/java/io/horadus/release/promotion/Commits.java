package io.horadus.release.promotion;

/** Commit IDs as messages show them. */
final class Commits {

    private Commits() {
    }

    /** The first 12 characters: enough to tell commits apart, short enough for a condition's message. */
    static String brief(String commit) {
        return commit == null ? "unknown" : commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}

package io.horadus.release.port;

/** What a command run inside a container came back with. */
public sealed interface ExecResult {

    /** Output kept from an exec'd command (stdout and stderr, in arrival order): enough to judge a probe's answer. */
    int OUTPUT_LIMIT = 4096;

    /**
     * The command ended.
     *
     * @param output its first {@link #OUTPUT_LIMIT} bytes, decoded as UTF-8
     * @param cut    the output was longer than that
     */
    record Exited(int exitCode, String output, boolean cut) implements ExecResult {
    }

    /** Still running when the deadline passed; Docker offers no way to stop it, so it is left to end on its own. */
    record TimedOut() implements ExecResult {
    }

    /** The engine refused or failed the exec (container gone, command not found in the image, engine unreachable). */
    record Failed(String reason) implements ExecResult {
    }
}

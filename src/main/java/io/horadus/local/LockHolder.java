package io.horadus.local;

import java.time.Instant;

/**
 * Who holds a release's lock, as written into its lock file for the process refused next.
 *
 * @param command the horadus command that took it ("apply", "agent")
 */
public record LockHolder(long pid, Instant since, String command) {

    /** "pid 4242 (horadus agent) since 2026-12-05T23:10:00Z" */
    public String describe() {
        return "pid " + pid + " (horadus " + command + ") since " + since;
    }
}

package io.horadus.cli;

import io.horadus.housekeeping.Housekeeping;
import io.horadus.housekeeping.HousekeepingMetrics;
import io.horadus.housekeeping.LiveRelease;
import io.horadus.local.StateDirectory;
import io.horadus.release.port.SecretStore;
import io.horadus.release.secrets.SecretMaterial;
import io.horadus.release.secrets.SecretProblem;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The agent's trigger of {@link Housekeeping}: the same sweeps as the operator's, every {@code interval} on the
 * agent's own loop, over the hosts of the releases in the state directory (a release whose state file is gone
 * no longer exists). One line on stderr per sweep that removed something, one per problem.
 */
final class AgentHousekeeping {

    private final Housekeeping housekeeping;
    private final StateDirectory directory;
    private final SecretStore secrets;
    private final Duration interval;
    private final Optional<HousekeepingMetrics> metrics;
    private Instant next;

    /**
     * @param interval how often to sweep; zero for never
     * @param metrics  where sweeps are counted (the agent's --metrics-port), or empty
     */
    AgentHousekeeping(Housekeeping housekeeping, StateDirectory directory, SecretStore secrets, Duration interval, Instant start,
                      Optional<HousekeepingMetrics> metrics) {
        this.housekeeping = housekeeping;
        this.metrics = metrics;
        this.directory = directory;
        this.secrets = secrets;
        this.interval = interval;
        this.next = start.plus(interval);
    }

    /** Sweeps when one is due at {@code now}. */
    void sweepIfDue(Instant now, PrintStream err) {
        if (interval.isZero() || now.isBefore(next)) {
            return;
        }
        next = now.plus(interval);
        var report = housekeeping.sweep(this::releases);
        metrics.ifPresent(counted -> counted.swept(report, now));
        if (!report.removedNothing()) {
            err.println("► " + report.summary());
        }
        report.problems().forEach(problem -> err.println("✗ housekeeping: " + problem + "; tried again at the next sweep"));
    }

    private List<LiveRelease> releases() {
        var live = new ArrayList<LiveRelease>();
        for (var key : directory.releases()) {
            try {
                var stored = directory.read(key);
                if (stored.isPresent()) {
                    var release = stored.get().release();
                    live.add(LiveRelease.of(key.toString(), release.getSpec(), release.getStatus(),
                            SecretMaterial.tls(release.getSpec(), key.namespace(), secrets)));
                }
            } catch (SecretProblem | RuntimeException e) {
                // A state file refused, or a TLS Secret unreadable, still names a release that exists: its areas and gates stay.
                live.add(LiveRelease.unswept(key.toString()));
            }
        }
        return live;
    }
}

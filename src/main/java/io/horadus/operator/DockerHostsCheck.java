package io.horadus.operator;

import io.horadus.metrics.HostPings;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;

/**
 * {@value #CHECK} in /q/health/ready: one data entry per Docker host the releases name, reachable or not,
 * with its last ping's latency. Informative only: always UP. A host that is down is that host's releases'
 * trouble (they say HostUnreachable and retry), not the operator's: were it DOWN, Kubernetes would take
 * the operator out of its Service and every release on the other hosts with it. Reads the last pings
 * ({@link HostPings}): a probe never waits on a Docker host.
 */
@Readiness
@Singleton
class DockerHostsCheck implements HealthCheck {

    static final String CHECK = "horadus-docker-hosts";

    private final HostPings pings;
    private final Clock clock;

    DockerHostsCheck(HostPings pings, Clock clock) {
        this.pings = pings;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named(CHECK).up();
        var now = clock.instant();
        pings.hosts().forEach((host, ping) -> response.withData(host, ping.map(p -> {
            var ago = Duration.between(p.at(), now).toSeconds();
            return p.reachable()
                    ? "reachable, ping " + p.took().toMillis() + " ms (" + ago + " s ago)"
                    : "unreachable: " + p.error() + " (" + ago + " s ago)";
        }).orElse("not pinged yet")));
        return response.build();
    }
}

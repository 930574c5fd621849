package io.horadus.config;

import io.horadus.compose.ComposeBinary;
import io.horadus.compose.ComposeCli;
import io.horadus.compose.DockerClients;
import io.horadus.compose.DockerExec;
import io.horadus.compose.DockerGates;
import io.horadus.compose.DockerHostObserver;
import io.horadus.compose.DockerImages;
import io.horadus.compose.DockerLeftovers;
import io.horadus.compose.ProcessCommandRunner;
import io.horadus.compose.TlsMaterialStore;
import io.horadus.housekeeping.Housekeeping;
import io.horadus.release.driver.EnginePorts;
import io.horadus.release.port.ApprovalSource;
import io.horadus.release.port.UpstreamStatuses;
import io.horadus.release.port.ComposeTarget;
import io.horadus.source.JGitSource;
import io.horadus.verify.HttpVerifier;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The engine's real adapters (JGit, the compose CLI, docker-java, the HTTP probes, gate containers), built
 * the same way for every driver: the operator's producer and the command line. Only where approvals are
 * kept differs, so it is given.
 */
public final class HostAdapters implements AutoCloseable {

    /**
     * @param workDir        where git mirrors, checkouts, TLS material and gate archives go (re-creatable)
     * @param composeCommand the compose command, or empty to detect it (docker compose, else docker-compose)
     * @param commandTimeout the longest one compose command or gate image build may run
     * @param gitTimeout     the longest a git fetch waits for the remote to answer (connect, each read)
     */
    public record Settings(Path workDir, Optional<List<String>> composeCommand, Duration commandTimeout, Duration gitTimeout) {
    }

    private final Settings settings;
    private final TlsMaterialStore tls;
    private final DockerClients clients;
    private final DockerClients builders;
    private final DockerClients pings;
    private final HttpVerifier verifier;
    // One instance for the engine and housekeeping: a work area is deleted under the lock its resolve takes.
    private final JGitSource source;

    public HostAdapters(Settings settings) {
        this.settings = settings;
        this.tls = new TlsMaterialStore(settings.workDir().resolve("docker-tls"));
        this.clients = new DockerClients(tls, Duration.ofSeconds(5), Duration.ofSeconds(30));
        // A gate image's build may print nothing for minutes (a quiet RUN); over tcp:// the client's response
        // timeout would cut it, so builds get a client of their own bounded like a compose command.
        this.builders = new DockerClients(tls, Duration.ofSeconds(5), settings.commandTimeout());
        // The host check's pings: a host that does not answer is told within seconds, never held for a command's time.
        this.pings = new DockerClients(tls, Duration.ofSeconds(2), Duration.ofSeconds(5));
        // One verifier for verification and the watch: rules over counter increases compare with its last scrape.
        this.verifier = new HttpVerifier(new DockerExec(clients));
        this.source = new JGitSource(settings.workDir().resolve("git"), settings.gitTimeout());
    }

    /**
     * The engine's ports over these adapters, with the reviewers' approvals read from {@code approvals} and
     * the upstream releases' status from {@code upstreams}.
     */
    public EnginePorts ports(ApprovalSource approvals, UpstreamStatuses upstreams) {
        var runner = new ProcessCommandRunner(settings.commandTimeout());
        // `docker compose version` answers at once or not at all: a hung probe must not hold a pass for the command timeout.
        var probe = new ProcessCommandRunner(Duration.ofSeconds(10));
        var compose = new ComposeCli(new ComposeBinary(settings.composeCommand(), probe), runner, tls, clients);
        var gates = new DockerGates(clients, builders, settings.commandTimeout(), settings.workDir().resolve("gate-archives"));
        return new EnginePorts(source, compose, new DockerHostObserver(clients), verifier,
                gates, new DockerImages(clients), approvals, upstreams);
    }

    /** Housekeeping over the same engine clients and work areas as the engine's ports. */
    public Housekeeping housekeeping(Housekeeping.Settings housekeeping, Clock clock) {
        return new Housekeeping(new DockerLeftovers(clients), source, clock, housekeeping);
    }

    /**
     * Pings a release's Docker endpoint (its TLS material included), for the check of the hosts in use.
     *
     * @throws RuntimeException when it does not answer within seconds
     */
    public void ping(ComposeTarget target) {
        pings.client(target.dockerHost(), target.tls()).pingCmd().exec();
    }

    @Override
    public void close() {
        pings.close();
        builders.close();
        clients.close();
    }
}

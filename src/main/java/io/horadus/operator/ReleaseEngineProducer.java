package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.compose.ComposeBinary;
import io.horadus.compose.ComposeCli;
import io.horadus.compose.DockerClients;
import io.horadus.compose.DockerExec;
import io.horadus.compose.DockerGates;
import io.horadus.compose.DockerHostObserver;
import io.horadus.compose.DockerImages;
import io.horadus.compose.ProcessCommandRunner;
import io.horadus.compose.TlsMaterialStore;
import io.horadus.config.OperatorConfig;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.EnginePorts;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.watch.WatchRounds;
import io.horadus.source.JGitSource;
import io.horadus.verify.HttpVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the engine to its real adapters (JGit, the compose CLI, docker-java, HTTP probes) and the Event writer. */
public class ReleaseEngineProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    TlsMaterialStore tlsMaterialStore(OperatorConfig config) {
        return new TlsMaterialStore(config.workDir().resolve("docker-tls"));
    }

    @Produces
    @Singleton
    DockerClients dockerClients(TlsMaterialStore tls) {
        return new DockerClients(tls, Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    void closeDockerClients(@Disposes DockerClients clients) {
        clients.close();
    }

    @Produces
    @Singleton
    ReleaseEvents releaseEvents(KubernetesClient client, Clock clock) {
        return new ReleaseEvents(client, clock);
    }

    void closeReleaseEvents(@Disposes ReleaseEvents events) {
        events.close();
    }

    /** One verifier for verification and the watch: rules over counter increases compare with its last scrape. */
    @Produces
    @Singleton
    HttpVerifier verifier(DockerClients dockerClients) {
        return new HttpVerifier(new DockerExec(dockerClients));
    }

    /** The engine's ports: JGit, the compose CLI, docker-java, the HTTP probes, the approvals' list calls. */
    @Produces
    @Singleton
    EngineAssembly engineAssembly(OperatorConfig config, DockerClients dockerClients, TlsMaterialStore tls, HttpVerifier verifier,
                                  KubernetesClient client, Clock clock) {
        var runner = new ProcessCommandRunner(config.commandTimeout());
        // `docker compose version` answers at once or not at all: a hung probe must not hold a reconcile for the command timeout.
        var probe = new ProcessCommandRunner(Duration.ofSeconds(10));
        var compose = new ComposeCli(new ComposeBinary(config.composeCommand(), probe), runner, tls);
        // A gate image's build may print nothing for minutes (a quiet RUN); over tcp:// the client's response
        // timeout would cut it, so builds get a client of their own bounded like a compose command.
        var builders = new DockerClients(tls, Duration.ofSeconds(5), config.commandTimeout());
        var gates = new DockerGates(dockerClients, builders, config.commandTimeout(), config.workDir().resolve("gate-archives"));
        var ports = new EnginePorts(new JGitSource(config.workDir().resolve("git")), compose, new DockerHostObserver(dockerClients), verifier,
                gates, new DockerImages(dockerClients), new ReleaseApprovals(client));
        return new EngineAssembly(ports, config.approvalPoll(), clock);
    }

    /** The watch's check rounds, on horadus.watch-threads threads of their own (not the reconcile threads). */
    @Produces
    @Singleton
    WatchRounds watchRounds(OperatorConfig config, EngineAssembly assembly) {
        var threads = new AtomicInteger();
        var executor = new ScheduledThreadPoolExecutor(config.watchThreads(), task -> {
            var thread = new Thread(task, "horadus-watch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return assembly.rounds(executor);
    }

    void closeWatchRounds(@Disposes WatchRounds rounds) {
        rounds.close();
    }

    @Produces
    @Singleton
    ReleaseDriver releaseDriver(OperatorConfig config, EngineAssembly assembly, WatchRounds rounds, KubernetesClient client,
                                MeterRegistry registry, Clock clock) {
        return new ReleaseDriver(assembly.engine(rounds), rounds, new KubernetesSecrets(client), new ReleaseMetrics(registry), clock,
                config.secretRetry());
    }
}

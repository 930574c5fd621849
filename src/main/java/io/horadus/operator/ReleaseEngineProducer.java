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
import io.horadus.release.rollback.ImageSnapshots;
import io.horadus.release.ReleaseEngine;
import io.horadus.release.watch.ReleaseWatch;
import io.horadus.release.rollback.Rollbacks;
import io.horadus.release.watch.WatchRounds;
import io.horadus.release.steps.ApproveStep;
import io.horadus.release.steps.BuildStep;
import io.horadus.release.steps.GateStep;
import io.horadus.release.steps.MigrateStep;
import io.horadus.release.steps.ResolveStep;
import io.horadus.release.steps.RolloutStep;
import io.horadus.release.steps.VerifyStep;
import io.horadus.source.JGitSource;
import io.horadus.verify.HttpVerifier;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    /** The watch's check rounds, on horadus.watch-threads threads of their own (not the reconcile threads). */
    @Produces
    @Singleton
    WatchRounds watchRounds(OperatorConfig config, DockerClients dockerClients, HttpVerifier verifier, Clock clock) {
        var threads = new AtomicInteger();
        var executor = new ScheduledThreadPoolExecutor(config.watchThreads(), task -> {
            var thread = new Thread(task, "horadus-watch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return new WatchRounds(new ReleaseWatch(new DockerHostObserver(dockerClients), verifier), executor, clock);
    }

    void closeWatchRounds(@Disposes WatchRounds rounds) {
        rounds.close();
    }

    @Produces
    @Singleton
    ReleaseEngine releaseEngine(OperatorConfig config, DockerClients dockerClients, TlsMaterialStore tls, HttpVerifier verifier,
                                WatchRounds rounds, Clock clock) {
        var runner = new ProcessCommandRunner(config.commandTimeout());
        // `docker compose version` answers at once or not at all: a hung probe must not hold a reconcile for the command timeout.
        var probe = new ProcessCommandRunner(Duration.ofSeconds(10));
        var compose = new ComposeCli(new ComposeBinary(config.composeCommand(), probe), runner, tls);
        var observer = new DockerHostObserver(dockerClients);
        var source = new JGitSource(config.workDir().resolve("git"));
        var snapshots = new ImageSnapshots(new DockerImages(dockerClients));
        // A gate image's build may print nothing for minutes (a quiet RUN); over tcp:// the client's response
        // timeout would cut it, so builds get a client of their own bounded like a compose command.
        var builders = new DockerClients(tls, Duration.ofSeconds(5), config.commandTimeout());
        var gates = new DockerGates(dockerClients, builders, config.commandTimeout(), config.workDir().resolve("gate-archives"));
        var watch = new ReleaseWatch(observer, verifier);
        return new ReleaseEngine(List.of(
                new ResolveStep(source),
                new GateStep(gates, source),
                new ApproveStep(config.approvalPoll()),
                new BuildStep(compose, source),
                new MigrateStep(compose, observer, source),
                new RolloutStep(compose, source),
                new VerifyStep(observer, verifier, snapshots)),
                watch, rounds, new Rollbacks(watch, snapshots, compose, observer, source, clock), snapshots, compose, source, clock);
    }
}

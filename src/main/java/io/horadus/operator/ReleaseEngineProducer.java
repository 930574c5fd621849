package io.horadus.operator;

import io.horadus.compose.ComposeBinary;
import io.horadus.compose.ComposeCli;
import io.horadus.compose.DockerClients;
import io.horadus.compose.DockerHostObserver;
import io.horadus.compose.ProcessCommandRunner;
import io.horadus.compose.TlsMaterialStore;
import io.horadus.config.OperatorConfig;
import io.horadus.release.ReleaseEngine;
import io.horadus.release.steps.BuildStep;
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

/** Wires the engine to its real adapters: JGit, the compose CLI, docker-java and HTTP probes. */
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
    ReleaseEngine releaseEngine(OperatorConfig config, DockerClients dockerClients, TlsMaterialStore tls, Clock clock) {
        var runner = new ProcessCommandRunner(config.commandTimeout());
        // `docker compose version` answers at once or not at all: a hung probe must not hold a reconcile for the command timeout.
        var probe = new ProcessCommandRunner(Duration.ofSeconds(10));
        var compose = new ComposeCli(new ComposeBinary(config.composeCommand(), probe), runner, tls);
        var observer = new DockerHostObserver(dockerClients);
        var source = new JGitSource(config.workDir().resolve("git"));
        return new ReleaseEngine(List.of(
                new ResolveStep(source),
                new BuildStep(compose, source),
                new MigrateStep(compose, observer, source),
                new RolloutStep(compose, source),
                new VerifyStep(observer, new HttpVerifier())), clock);
    }
}

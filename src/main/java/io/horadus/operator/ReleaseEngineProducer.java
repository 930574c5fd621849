package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.horadus.api.SecretKeyRef;
import io.horadus.config.HostAdapters;
import io.horadus.config.OperatorConfig;
import io.horadus.metrics.MicrometerTelemetry;
import io.horadus.notify.DeliverySettings;
import io.horadus.notify.WebhookNotifier;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.watch.WatchExecutor;
import io.horadus.release.watch.WatchRounds;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Wires the engine to its real adapters (JGit, the compose CLI, docker-java, HTTP probes), the Event writer and the metrics ({@link MetricsProducer}). */
public class ReleaseEngineProducer {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    HostAdapters hostAdapters(OperatorConfig config) {
        return new HostAdapters(new HostAdapters.Settings(config.workDir(), config.composeCommand(), config.commandTimeout(), config.gitTimeout()));
    }

    void closeHostAdapters(@Disposes HostAdapters adapters) {
        adapters.close();
    }

    @Produces
    @Singleton
    ReleaseEvents releaseEvents(KubernetesClient client, Clock clock) {
        return new ReleaseEvents(client, clock);
    }

    void closeReleaseEvents(@Disposes ReleaseEvents events) {
        events.close();
    }

    /** One list call per namespace with a waiting release, every horadus.approval-poll; an event source of the reconciler. */
    @Produces
    @Singleton
    ApprovalPolls approvalPolls(OperatorConfig config, KubernetesClient client, Clock clock) {
        return new ApprovalPolls(client, config.approvalPoll(), config.approvalRecheck(), clock);
    }

    /** The upstreams of spec.promotion, read from the informer's cache; an event source of the reconciler. */
    @Produces
    @Singleton
    UpstreamReleases upstreamReleases() {
        return new UpstreamReleases();
    }

    /** The engine's ports: JGit, the compose CLI, docker-java, the HTTP probes, the approvals' list calls, the upstreams. */
    @Produces
    @Singleton
    EngineAssembly engineAssembly(OperatorConfig config, HostAdapters adapters, KubernetesClient client, ApprovalPolls polls,
                                  UpstreamReleases upstreams, Clock clock) {
        return new EngineAssembly(adapters.ports(new ReleaseApprovals(client, polls), upstreams), config.approvalRecheck(), clock);
    }

    /** The watch's check rounds, on horadus.watch-threads threads of their own (not the reconcile threads). */
    @Produces
    @Singleton
    WatchRounds watchRounds(OperatorConfig config, EngineAssembly assembly) {
        return assembly.rounds(new WatchExecutor(config.watchThreads()));
    }

    void closeWatchRounds(@Disposes WatchRounds rounds) {
        rounds.close();
    }

    /** Webhooks told of what releases record: each release's spec.notify, and horadus.notify.secret's for all. */
    @Produces
    @Singleton
    WebhookNotifier webhookNotifier(OperatorConfig config, KubernetesClient client, MeterRegistry registry, Clock clock) {
        var notify = config.notifications();
        var own = notify.secret().map(name -> new WebhookNotifier.OwnWebhook(notify.namespace().orElse(Objects.requireNonNullElse(client.getNamespace(), "default")),
                new SecretKeyRef(name, notify.key()), "horadus.notify.secret"));
        return new WebhookNotifier(new KubernetesSecrets(client), own, DeliverySettings.DEFAULT.withTimeout(notify.timeout()), registry, clock);
    }

    void closeWebhookNotifier(@Disposes WebhookNotifier notifier) {
        notifier.close();
    }

    @Produces
    @Singleton
    ReleaseDriver releaseDriver(OperatorConfig config, EngineAssembly assembly, WatchRounds rounds, KubernetesClient client,
                                MicrometerTelemetry telemetry, Clock clock, WebhookNotifier notifier) {
        return new ReleaseDriver(assembly.engine(rounds), rounds, new KubernetesSecrets(client), telemetry, clock, config.secretRetry(), notifier);
    }
}

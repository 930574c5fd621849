package io.horadus.cli;

import io.horadus.api.SecretKeyRef;
import io.horadus.config.HostAdapters;
import io.horadus.housekeeping.Housekeeping;
import io.horadus.housekeeping.HousekeepingMetrics;
import io.horadus.local.FileApprovals;
import io.horadus.local.FolderSecrets;
import io.horadus.local.StateDirectory;
import io.horadus.local.StateUpstreams;
import io.horadus.metrics.HostPings;
import io.horadus.metrics.MicrometerTelemetry;
import io.horadus.notify.DeliverySettings;
import io.horadus.notify.WebhookNotifier;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.watch.WatchExecutor;
import io.horadus.release.watch.WatchRounds;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's engine without a cluster: the same adapters ({@link HostAdapters}), the same assembly and
 * driver, with secrets and approvals kept beside the state and the watch's rounds on threads of this
 * process. Built only by the commands that act on a host.
 */
final class LocalEngine implements AutoCloseable {

    /** As the operator's defaults (horadus.approval-poll, horadus.secret-retry, horadus.command-timeout, horadus.git-timeout). */
    private static final Duration APPROVAL_POLL = Duration.ofSeconds(5);
    private static final Duration SECRET_RETRY = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);
    private static final int WATCH_THREADS = 4;
    /** As horadus.notify.timeout. */
    private static final Duration NOTIFY_TIMEOUT = Duration.ofSeconds(5);

    /** As the operator's horadus.host-check-interval. */
    private static final Duration HOST_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final HostAdapters adapters;
    private final WatchRounds rounds;
    private final ReleaseDriver driver;
    private final WebhookNotifier notifier;
    private final FolderSecrets secrets;
    private final Optional<HostPings> hostPings;
    private final Optional<MeterRegistry> metrics;

    LocalEngine(StateDirectory state, FileApprovals approvals, Map<String, String> env, Clock clock) {
        this(state, approvals, env, clock, Optional.empty());
    }

    /**
     * @param metrics where the release metrics go (the agent's --metrics-port), or empty for none (notifications
     *                are then counted where nobody reads them)
     */
    LocalEngine(StateDirectory state, FileApprovals approvals, Map<String, String> env, Clock clock, Optional<MeterRegistry> metrics) {
        adapters = new HostAdapters(new HostAdapters.Settings(state.workDir(), composeCommand(env),
                duration(env, "HORADUS_COMMAND_TIMEOUT", COMMAND_TIMEOUT), duration(env, "HORADUS_GIT_TIMEOUT", GIT_TIMEOUT)));
        var assembly = new EngineAssembly(adapters.ports(approvals, new StateUpstreams(state)), APPROVAL_POLL, clock);
        rounds = assembly.rounds(new WatchExecutor(WATCH_THREADS));
        this.metrics = metrics;
        secrets = new FolderSecrets(state.secrets());
        notifier = new WebhookNotifier(secrets, ownWebhook(env), DeliverySettings.DEFAULT.withTimeout(duration(env, "HORADUS_NOTIFY_TIMEOUT", NOTIFY_TIMEOUT)),
                metrics.orElseGet(SimpleMeterRegistry::new), clock);
        hostPings = metrics.map(registry -> new HostPings(registry, adapters::ping, HOST_CHECK_INTERVAL, clock));
        Telemetry telemetry = metrics.<Telemetry>map(registry -> new MicrometerTelemetry(registry, hostPings.get())).orElse(Telemetry.NONE);
        driver = new ReleaseDriver(assembly.engine(rounds), rounds, secrets, telemetry, clock, SECRET_RETRY, notifier);
    }

    /** The agent's housekeeping: the operator's sweeps over the same adapters and work areas. */
    AgentHousekeeping housekeeping(StateDirectory state, Housekeeping.Settings settings, Duration interval, Clock clock) {
        return new AgentHousekeeping(adapters.housekeeping(settings, clock), state, secrets, interval, clock.instant(),
                metrics.map(HousekeepingMetrics::new));
    }

    ReleaseDriver driver() {
        return driver;
    }

    WatchRounds rounds() {
        return rounds;
    }

    @Override
    public void close() {
        hostPings.ifPresent(HostPings::close);
        rounds.close();
        notifier.close();
        adapters.close();
    }

    /**
     * HORADUS_NOTIFY_SECRET (and HORADUS_NOTIFY_KEY), as the operator reads horadus.notify.secret: a secret of
     * the state's secrets folder whose key holds a webhook URL told about every release.
     */
    private static Optional<WebhookNotifier.OwnWebhook> ownWebhook(Map<String, String> env) {
        var name = env.get("HORADUS_NOTIFY_SECRET");
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        var key = env.getOrDefault("HORADUS_NOTIFY_KEY", SecretKeyRef.URL_KEY);
        return Optional.of(new WebhookNotifier.OwnWebhook("", new SecretKeyRef(name.trim(), key.isBlank() ? SecretKeyRef.URL_KEY : key.trim()),
                "HORADUS_NOTIFY_SECRET"));
    }

    /** HORADUS_COMPOSE_COMMAND, as the operator reads it ("docker-compose", or "docker,compose"); detected when unset. */
    private static Optional<List<String>> composeCommand(Map<String, String> env) {
        var value = env.get("HORADUS_COMPOSE_COMMAND");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(value.trim().split("[,\\s]+")).toList());
    }

    /**
     * A duration from the environment, as the operator reads its HORADUS_* settings: 90s, 10m, 500ms (any case),
     * or ISO-8601 (PT90S); {@code otherwise} when unset.
     *
     * @throws IllegalArgumentException naming the variable when the value is not a positive duration
     */
    static Duration duration(Map<String, String> env, String name, Duration otherwise) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        var text = value.trim();
        try {
            var parsed = text.regionMatches(true, 0, "P", 0, 1) ? Duration.parse(text.toUpperCase(Locale.ROOT))
                    : new DurationConverter().convert(text.toLowerCase(Locale.ROOT));
            if (parsed.isZero() || parsed.isNegative()) {
                throw new IllegalArgumentException("not positive");
            }
            return parsed;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + "='" + value + "' is not a positive duration (examples: 90s, 10m, 1h30m)", e);
        }
    }
}

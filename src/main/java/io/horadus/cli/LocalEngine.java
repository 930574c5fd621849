package io.horadus.cli;

import io.horadus.config.HostAdapters;
import io.horadus.local.FileApprovals;
import io.horadus.local.FolderSecrets;
import io.horadus.local.StateDirectory;
import io.horadus.metrics.HostPings;
import io.horadus.metrics.MicrometerTelemetry;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.watch.WatchExecutor;
import io.horadus.release.watch.WatchRounds;
import io.micrometer.core.instrument.MeterRegistry;

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

    /** As the operator's horadus.host-check-interval. */
    private static final Duration HOST_CHECK_INTERVAL = Duration.ofSeconds(30);

    private final HostAdapters adapters;
    private final WatchRounds rounds;
    private final ReleaseDriver driver;
    private final Optional<HostPings> hostPings;

    LocalEngine(StateDirectory state, FileApprovals approvals, Map<String, String> env, Clock clock) {
        this(state, approvals, env, clock, Optional.empty());
    }

    /** @param metrics where the release metrics go (the agent's --metrics-port), or empty for none */
    LocalEngine(StateDirectory state, FileApprovals approvals, Map<String, String> env, Clock clock, Optional<MeterRegistry> metrics) {
        adapters = new HostAdapters(new HostAdapters.Settings(state.workDir(), composeCommand(env),
                duration(env, "HORADUS_COMMAND_TIMEOUT", COMMAND_TIMEOUT), duration(env, "HORADUS_GIT_TIMEOUT", GIT_TIMEOUT)));
        var assembly = new EngineAssembly(adapters.ports(approvals), APPROVAL_POLL, clock);
        rounds = assembly.rounds(new WatchExecutor(WATCH_THREADS));
        hostPings = metrics.map(registry -> new HostPings(registry, adapters::ping, HOST_CHECK_INTERVAL, clock));
        Telemetry telemetry = metrics.<Telemetry>map(registry -> new MicrometerTelemetry(registry, hostPings.get())).orElse(Telemetry.NONE);
        driver = new ReleaseDriver(assembly.engine(rounds), rounds, new FolderSecrets(state.secrets()), telemetry, clock, SECRET_RETRY);
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
        adapters.close();
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

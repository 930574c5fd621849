package io.horadus.cli;

import io.horadus.config.HostAdapters;
import io.horadus.local.FileApprovals;
import io.horadus.local.FolderSecrets;
import io.horadus.local.StateDirectory;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.watch.WatchExecutor;
import io.horadus.release.watch.WatchRounds;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's engine without a cluster: the same adapters ({@link HostAdapters}), the same assembly and
 * driver, with secrets and approvals kept beside the state and the watch's rounds on threads of this
 * process. Built only by the commands that act on a host.
 */
final class LocalEngine implements AutoCloseable {

    /** As the operator's defaults (horadus.approval-poll, horadus.secret-retry, horadus.command-timeout). */
    private static final Duration APPROVAL_POLL = Duration.ofSeconds(5);
    private static final Duration SECRET_RETRY = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);
    private static final int WATCH_THREADS = 4;

    private final HostAdapters adapters;
    private final WatchRounds rounds;
    private final ReleaseDriver driver;

    LocalEngine(StateDirectory state, FileApprovals approvals, Map<String, String> env, Clock clock) {
        adapters = new HostAdapters(new HostAdapters.Settings(state.workDir(), composeCommand(env), COMMAND_TIMEOUT));
        var assembly = new EngineAssembly(adapters.ports(approvals), APPROVAL_POLL, clock);
        rounds = assembly.rounds(new WatchExecutor(WATCH_THREADS));
        driver = new ReleaseDriver(assembly.engine(rounds), rounds, new FolderSecrets(state.secrets()), Telemetry.NONE, clock, SECRET_RETRY);
    }

    ReleaseDriver driver() {
        return driver;
    }

    WatchRounds rounds() {
        return rounds;
    }

    @Override
    public void close() {
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
}

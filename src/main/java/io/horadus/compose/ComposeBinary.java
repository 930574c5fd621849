package io.horadus.compose;

import io.horadus.release.port.CommandResult;
import io.horadus.release.port.HostUnavailableException;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which compose CLI to run: an explicit override, else {@code docker compose} when the plugin
 * answers, else {@code docker-compose} from PATH. Detected once per instance and then kept, so a
 * release never switches CLI halfway.
 */
public final class ComposeBinary {

    static final List<String> DOCKER_COMPOSE_PLUGIN = List.of("docker", "compose");
    static final List<String> DOCKER_COMPOSE_STANDALONE = List.of("docker-compose");

    private final Optional<List<String>> override;
    private final ProcessCommandRunner runner;
    private final String path;
    private List<String> detected;

    /**
     * @param override a fixed prefix from configuration, wins over detection
     * @param runner   runs the {@code docker compose version} probe (give it a short timeout)
     */
    public ComposeBinary(Optional<List<String>> override, ProcessCommandRunner runner) {
        this(override, runner, System.getenv().getOrDefault("PATH", ""));
    }

    ComposeBinary(Optional<List<String>> override, ProcessCommandRunner runner, String path) {
        this.override = override.map(List::copyOf);
        this.override.ifPresent(o -> {
            if (o.isEmpty()) {
                throw new IllegalArgumentException("compose binary override must not be empty");
            }
        });
        this.runner = runner;
        this.path = path;
    }

    /**
     * The compose command prefix.
     *
     * @throws HostUnavailableException when no compose CLI is installed; detection is tried again
     *                                  on the next call
     */
    public synchronized List<String> get() {
        if (override.isPresent()) {
            return override.get();
        }
        if (detected == null) {
            detected = detect();
        }
        return detected;
    }

    private List<String> detect() {
        if (pluginAnswers()) {
            return DOCKER_COMPOSE_PLUGIN;
        }
        if (onPath("docker-compose")) {
            return DOCKER_COMPOSE_STANDALONE;
        }
        throw new HostUnavailableException("no compose CLI found: neither 'docker compose' nor 'docker-compose' on PATH", null);
    }

    private boolean pluginAnswers() {
        List<String> probe = List.of("docker", "compose", "version");
        try {
            CommandResult result = runner.run(probe, Path.of("").toAbsolutePath(), ProcessCommandRunner.Environment.NONE);
            return result.succeeded();
        } catch (HostUnavailableException e) {
            return false; // no docker CLI at all
        }
    }

    private boolean onPath(String program) {
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }
}

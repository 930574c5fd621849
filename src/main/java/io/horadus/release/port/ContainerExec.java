package io.horadus.release.port;

import java.time.Duration;
import java.util.List;

/** Runs a command inside a running container through the Docker API: the in-container probe, read-only by contract. */
public interface ContainerExec {

    /**
     * Runs {@code command} (argv, no shell) in the container and waits at most {@code timeout} for it to end.
     * A failed or refused exec is a value the verifier judges; an engine that does not answer is a
     * {@link HostUnavailableException}, as for every other read of the host.
     */
    ExecResult exec(ComposeTarget target, String containerId, List<String> command, Duration timeout);
}

package io.horadus.release.port;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One gate to run.
 *
 * @param target     the Docker host (and its TLS material) the gate runs on
 * @param runName    the container's name, unique to the release attempt and the gate; also the value of
 *                   the {@value #LABEL} label, by which a leftover of a killed operator is found
 * @param image      the image to run, declared or built from the checkout
 * @param source     the checkout whose files are copied into {@code workingDir} (without {@code .git})
 * @param workingDir where the files go in the container, and the command's working directory
 * @param command    the argv, run as is: it replaces the image's entrypoint and command, no shell
 * @param env        variables of the container (the gate's Secret and HORADUS_TAG, HORADUS_COMMIT)
 * @param network    a Docker network to attach the container to (a compose project's network), if any
 * @param release    the release's key (namespace/name), the value of the {@value #RELEASE_LABEL} label, by which
 *                   housekeeping finds a gate whose release was deleted; empty for none (no label)
 */
public record GateRun(ComposeTarget target, String runName, GateImage image, Path source, String workingDir,
                      List<String> command, Map<String, String> env, Optional<String> network, String release) {

    public static final String LABEL = "horadus.io/gate-run";
    public static final String RELEASE_LABEL = "horadus.io/release";

    public GateRun {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        release = release == null ? "" : release;
    }

    /** A run that names no release. */
    public GateRun(ComposeTarget target, String runName, GateImage image, Path source, String workingDir,
                   List<String> command, Map<String, String> env, Optional<String> network) {
        this(target, runName, image, source, workingDir, command, env, network, "");
    }

    /** The labels of the run's container. */
    public Map<String, String> labels() {
        return release.isEmpty() ? Map.of(LABEL, runName) : Map.of(LABEL, runName, RELEASE_LABEL, release);
    }
}

package io.horadus.release.port;

import java.util.List;

/**
 * A compose project on a Docker host.
 *
 * @param dockerHost   unix:///path or tcp://host:port
 * @param tls          TLS material for a tcp endpoint, or null
 * @param project      compose project name (-p)
 * @param composeFiles compose files relative to the checkout (-f, in order)
 * @param secrets      files and variables from Secrets that every compose command of the project needs
 */
public record ComposeTarget(String dockerHost, DockerTls tls, String project, List<String> composeFiles, ProjectSecrets secrets) {
    public ComposeTarget {
        composeFiles = List.copyOf(composeFiles);
        secrets = secrets == null ? ProjectSecrets.NONE : secrets;
    }

    /** A project that needs nothing from Secrets. */
    public ComposeTarget(String dockerHost, DockerTls tls, String project, List<String> composeFiles) {
        this(dockerHost, tls, project, composeFiles, ProjectSecrets.NONE);
    }
}

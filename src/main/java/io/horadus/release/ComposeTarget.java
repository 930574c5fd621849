package io.horadus.release;

import java.util.List;

/**
 * A compose project on a Docker host.
 *
 * @param dockerHost   unix:///path or tcp://host:port
 * @param tls          TLS material for a tcp endpoint, or null
 * @param project      compose project name (-p)
 * @param composeFiles compose files relative to the checkout (-f, in order)
 */
public record ComposeTarget(String dockerHost, DockerTls tls, String project, List<String> composeFiles) {
    public ComposeTarget {
        composeFiles = List.copyOf(composeFiles);
    }
}

package io.horadus.release.port;

import java.util.List;

/** The containers of one compose project, as the Docker API reports them. */
public record HostState(List<ServiceContainer> containers) {
    public HostState {
        containers = List.copyOf(containers);
    }

    /** Containers of a service started by {@code up} (one-off run containers excluded). */
    public List<ServiceContainer> service(String name) {
        return containers.stream().filter(c -> c.service().equals(name) && !c.oneOff()).toList();
    }
}

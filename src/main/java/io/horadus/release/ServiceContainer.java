package io.horadus.release;

/**
 * One container of a compose project.
 *
 * @param service compose service label
 * @param image   the image reference it runs, e.g. horadus-api:v1.2.0
 * @param state   Docker's state: running, exited, restarting, created, ...
 * @param health  NONE when the service defines no healthcheck
 * @param oneOff  true for `compose run` containers
 */
public record ServiceContainer(String service, String id, String name, String image, String state,
                               Health health, boolean oneOff) {

    public enum Health { NONE, STARTING, HEALTHY, UNHEALTHY }

    public boolean running() {
        return "running".equals(state);
    }
}

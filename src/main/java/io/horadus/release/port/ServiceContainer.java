package io.horadus.release.port;

/**
 * One container of a compose project.
 *
 * @param service compose service label
 * @param image   the image reference it was created from, e.g. horadus-api:v1.2.0
 * @param imageId the ID of the image it runs (sha256:...), which a later build under the same name does not change
 * @param state   Docker's state: running, exited, restarting, created, ...
 * @param health  NONE when the service defines no healthcheck
 * @param oneOff  true for `compose run` containers
 */
public record ServiceContainer(String service, String id, String name, String image, String imageId, String state,
                               Health health, boolean oneOff) {

    /** A container whose image ID is not known (tests of checks that do not look at images). */
    public ServiceContainer(String service, String id, String name, String image, String state, Health health, boolean oneOff) {
        this(service, id, name, image, null, state, health, oneOff);
    }

    public enum Health { NONE, STARTING, HEALTHY, UNHEALTHY }

    public boolean running() {
        return "running".equals(state);
    }

    /**
     * Stopped, and nothing on the host will start it again: exited, created and never started, or dead.
     * The Docker engine's own shutdown leaves a service without a restart policy so when it comes back,
     * as does a person's {@code docker stop}. A container its restart policy is bringing back is
     * "restarting", not stopped.
     */
    public boolean stopped() {
        return "exited".equals(state) || "created".equals(state) || "dead".equals(state);
    }
}

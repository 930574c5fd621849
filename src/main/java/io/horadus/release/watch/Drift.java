package io.horadus.release.watch;

import io.horadus.api.ImageSnapshot;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ServiceContainer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the host still runs what the release started: each service a running container on the
 * image ID recorded when the release was verified. Two kinds of difference, told apart because they
 * are judged apart ({@link RoundVerdict}):
 *
 * <ul>
 *   <li>replaced: a service without a container, or a container on another image (a person's
 *       {@code compose up} of another version, a removed container);</li>
 *   <li>stopped: a container on the release's own image that is not running and that nothing will
 *       start again ({@link ServiceContainer#stopped}). The Docker engine's shutdown leaves services
 *       without a restart policy so when it comes back; so does a person's {@code docker stop}. Such a
 *       round says nothing of the release: the release's code is not running.</li>
 * </ul>
 *
 * A container that runs the release's image but fails (or crash-loops under a restart policy, which
 * Docker shows as "restarting") is for the checks.
 *
 * @param findings what differs, one phrase each, in the order of the services
 * @param stopped  whether some service's container is stopped on the release's image
 */
public record Drift(List<String> findings, boolean stopped) {

    public Drift {
        findings = List.copyOf(findings);
    }

    /** What differs from the release's images on the host; none when no images were recorded. */
    public static Drift of(List<ImageSnapshot> images, List<String> services, HostState host) {
        if (images.isEmpty()) {
            return new Drift(List.of(), false);
        }
        var found = new ArrayList<String>();
        var stopped = false;
        for (var service : services) {
            var recorded = images.stream().filter(i -> i.getService().equals(service)).findFirst().map(ImageSnapshot::getId);
            var containers = host.service(service);
            if (containers.isEmpty()) {
                found.add("service " + service + " has no container");
                continue;
            }
            if (recorded.isEmpty()) {
                continue;
            }
            var expected = recorded.get();
            var other = containers.stream().filter(c -> c.imageId() != null && !c.imageId().equals(expected)).findFirst();
            if (other.isPresent()) {
                found.add("service " + service + " runs " + shortId(other.get().imageId()) + " (" + other.get().image()
                        + "), not the release's " + shortId(expected));
                continue;
            }
            var halted = containers.stream().filter(ServiceContainer::stopped).findFirst();
            if (halted.isPresent()) {
                found.add("service " + service + " is " + halted.get().state() + " (stopped on the release's image " + shortId(expected) + ")");
                stopped = true;
            }
        }
        return new Drift(found, stopped);
    }

    public boolean present() {
        return !findings.isEmpty();
    }

    /** What drifted, in one line, or empty when the host runs the release as recorded. */
    public Optional<String> message() {
        return present() ? Optional.of(String.join("; ", findings)) : Optional.empty();
    }

    /** Docker's short form of an image ID (12 hex digits), as `docker images` shows it. */
    private static String shortId(String id) {
        if (!id.startsWith("sha256:")) {
            return id;
        }
        var hex = id.substring("sha256:".length());
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}

package io.horadus.release.watch;

import io.horadus.api.ImageSnapshot;
import io.horadus.release.port.HostState;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the host still runs what the release started: each service a running container on the
 * image ID recorded when the release was verified. A person's `compose up` of another version, or a
 * removed container, is drift; a container that runs the right image but fails is for the checks.
 */
public final class Drift {

    private Drift() {
    }

    /** What drifted, in one line, or empty when the host runs the release as recorded. */
    public static Optional<String> of(List<ImageSnapshot> images, List<String> services, HostState host) {
        if (images.isEmpty()) {
            return Optional.empty();
        }
        var found = new ArrayList<String>();
        for (var service : services) {
            var recorded = images.stream().filter(i -> i.getService().equals(service)).findFirst();
            var containers = host.service(service);
            if (containers.isEmpty()) {
                found.add("service " + service + " has no container");
                continue;
            }
            if (recorded.isEmpty()) {
                continue;
            }
            var expected = recorded.get().getId();
            containers.stream().filter(c -> c.imageId() != null && !c.imageId().equals(expected)).findFirst()
                    .ifPresent(c -> found.add("service " + service + " runs " + shortId(c.imageId()) + " (" + c.image()
                            + "), not the release's " + shortId(expected)));
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
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

package io.horadus.housekeeping;

import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostUnavailableException;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the operator left on one Docker host, found by its own labels and names only, and its removal. A
 * person's containers and images carry neither, so no call here lists or removes them.
 *
 * <p>Every call throws {@link HostUnavailableException} when the engine does not answer.
 */
public interface HostLeftovers {

    /** A gate's container: its engine ID and name, the release key it was run for (empty when unknown), whether it runs. */
    record GateContainer(String id, String name, String release, boolean running) {
    }

    /** An untagged image the operator built for a gate, and when the engine created it. */
    record GateImage(String id, Instant created) {
    }

    /** The containers labelled {@code horadus.io/gate-run}. */
    List<GateContainer> gateContainers(ComposeTarget host);

    /** Dangling (untagged) images labelled {@code horadus.io/gate-image}. */
    List<GateImage> danglingGateImages(ComposeTarget host);

    /** The names {@code <repository>:horadus-*} of the given repositories. */
    List<String> snapshotNames(ComposeTarget host, Set<String> repositories);

    /** Kills (when it runs) and removes the container; one already gone is not an error. */
    void removeContainer(ComposeTarget host, String id);

    /** Removes the image without force: false when a container still uses it (it stays), true when removed or gone. */
    boolean removeImage(ComposeTarget host, String id);

    /** {@code docker rmi <name>} without force: drops the name; the image goes only when nothing else holds it. */
    void untag(ComposeTarget host, String name);
}

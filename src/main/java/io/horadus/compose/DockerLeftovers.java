package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.horadus.housekeeping.HostLeftovers;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateRun;
import io.horadus.release.rollback.ImageSnapshots;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link HostLeftovers} through docker-java. Every list asks the engine for the operator's labels or
 * snapshot names only (a label or reference filter), so a person's containers and images are never even
 * listed; every removal names one ID or name found that way.
 */
public final class DockerLeftovers implements HostLeftovers {

    private final DockerClients clients;

    public DockerLeftovers(DockerClients clients) {
        this.clients = clients;
    }

    @Override
    public List<GateContainer> gateContainers(ComposeTarget host) {
        return EngineCalls.onHost(host, () -> docker(host).listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(GateRun.LABEL))
                .exec()
                .stream()
                .map(DockerLeftovers::gateContainer)
                .toList());
    }

    private static GateContainer gateContainer(Container container) {
        Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
        var names = container.getNames();
        var name = names == null || names.length == 0 ? container.getId() : names[0].replaceFirst("^/", "");
        return new GateContainer(container.getId(), name, labels.getOrDefault(GateRun.RELEASE_LABEL, ""),
                "running".equals(container.getState()) || "restarting".equals(container.getState()) || "paused".equals(container.getState()));
    }

    @Override
    public List<GateImage> danglingGateImages(ComposeTarget host) {
        return EngineCalls.onHost(host, () -> docker(host).listImagesCmd()
                .withDanglingFilter(true)
                .withLabelFilter(io.horadus.release.port.GateImage.LABEL)
                .exec()
                .stream()
                .map(image -> new GateImage(image.getId(), Instant.ofEpochSecond(image.getCreated() == null ? 0 : image.getCreated())))
                .toList());
    }

    @Override
    public List<String> snapshotNames(ComposeTarget host, Set<String> repositories) {
        if (repositories.isEmpty()) {
            return List.of();
        }
        var patterns = repositories.stream().map(repository -> repository + ":" + ImageSnapshots.PREFIX + "*").toList();
        return EngineCalls.onHost(host, () -> {
            var names = new ArrayList<String>();
            for (var image : docker(host).listImagesCmd().withFilter("reference", patterns).exec()) {
                if (image.getRepoTags() != null) {
                    // The filter matches per image: the image's other names (its :latest) are not snapshots.
                    Arrays.stream(image.getRepoTags()).filter(tag -> patterns.stream().anyMatch(p -> matches(p, tag))).forEach(names::add);
                }
            }
            return List.copyOf(names);
        });
    }

    private static boolean matches(String pattern, String name) {
        var prefix = pattern.substring(0, pattern.length() - 1);
        return name.startsWith(prefix) && name.length() > prefix.length();
    }

    @Override
    public void removeContainer(ComposeTarget host, String id) {
        EngineCalls.onHost(host, () -> {
            try {
                docker(host).removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // gone meanwhile: what was wanted
            }
            return null;
        });
    }

    @Override
    public boolean removeImage(ComposeTarget host, String id) {
        return EngineCalls.onHost(host, () -> {
            try {
                docker(host).removeImageCmd(id).withForce(false).withNoPrune(false).exec();
                return true;
            } catch (NotFoundException e) {
                return true;
            } catch (ConflictException e) {
                return false; // a container still uses it: it stays until that container is gone
            }
        });
    }

    @Override
    public void untag(ComposeTarget host, String name) {
        EngineCalls.onHost(host, () -> {
            try {
                docker(host).removeImageCmd(name).withForce(false).exec();
            } catch (NotFoundException e) {
                // already gone
            } catch (ConflictException e) {
                // the last name of an image a container runs: kept until that container is gone
            }
            return null;
        });
    }

    private DockerClient docker(ComposeTarget host) {
        return clients.client(host.dockerHost(), host.tls());
    }
}

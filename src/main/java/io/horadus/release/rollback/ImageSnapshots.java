package io.horadus.release.rollback;

import io.horadus.api.ImageSnapshot;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostImages;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ImageReference;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the images a verified release runs, under names of the operator's own:
 * {@code <repository>:horadus-<release tag>} (horadus-api:latest of v1.2.0 is kept as
 * horadus-api:horadus-v1.2.0). A compose file that names its images :latest moves that name on every
 * build; the snapshot name keeps the release's image ID alive and findable for a rollback.
 */
public final class ImageSnapshots {

    /** The tag prefix of every snapshot name: what housekeeping looks for. */
    public static final String PREFIX = "horadus-";

    private final HostImages images;

    public ImageSnapshots(HostImages images) {
        this.images = images;
    }

    /** The operator's name for {@code image} as run by release {@code tag}. */
    public static String snapshotName(String image, String tag) {
        return ImageReference.parse(image).repository() + ":" + PREFIX + tag;
    }

    /** Tags the image of each running container of {@code services} and says what was kept. */
    public List<ImageSnapshot> take(ComposeTarget target, String tag, List<String> services, HostState host) {
        var kept = new ArrayList<ImageSnapshot>();
        for (var service : services) {
            for (var container : host.service(service)) {
                if (container.imageId() == null || container.image() == null) {
                    continue;
                }
                var snapshot = snapshotName(container.image(), tag);
                images.tag(target, container.imageId(), snapshot);
                kept.add(new ImageSnapshot(service, container.image(), container.imageId(), snapshot));
                break;
            }
        }
        return kept;
    }

    /** Whether every kept image is still on the host (a person may have pruned them). */
    public boolean allPresent(ComposeTarget target, List<ImageSnapshot> snapshots) {
        return !snapshots.isEmpty() && snapshots.stream().allMatch(s -> images.exists(target, s.getId()));
    }

    /** Points each compose image name back at the kept ID, so `up -d --no-build` starts the kept images. */
    public void restore(ComposeTarget target, List<ImageSnapshot> snapshots) {
        for (var snapshot : snapshots) {
            images.tag(target, snapshot.getId(), snapshot.getImage());
        }
    }

    /**
     * Points each image name the running containers of {@code services} were created from back at the
     * image they run: after a build whose release then failed, {@code :latest} would otherwise name
     * the rejected build, and a person's {@code up -d} or a host reboot would start it.
     */
    public void pointNamesAtRunning(ComposeTarget target, List<String> services, HostState host) {
        for (var service : services) {
            for (var container : host.service(service)) {
                if (container.running() && container.imageId() != null && container.image() != null) {
                    images.tag(target, container.imageId(), container.image());
                }
            }
        }
    }

    /** Drops the operator's names of a release no longer kept; images it did not name are never touched. */
    public void release(ComposeTarget target, List<ImageSnapshot> snapshots) {
        for (var snapshot : snapshots) {
            if (snapshot.getSnapshot() != null && ImageReference.parse(snapshot.getSnapshot()).tag().startsWith(PREFIX)) {
                images.untag(target, snapshot.getSnapshot());
            }
        }
    }
}

package io.horadus.housekeeping;

import io.horadus.api.GoodRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ImageSnapshot;
import io.horadus.api.Phase;
import io.horadus.release.port.DockerTls;
import io.horadus.release.port.ImageReference;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A release that exists, as housekeeping needs it: its key, its Docker host, the snapshot names its status
 * keeps and the repositories they are in.
 *
 * @param key          namespace/name
 * @param dockerHost   spec.target.dockerHost, or null when its host is not to be swept (its TLS Secret unreadable)
 * @param tls          the host's TLS material, or null
 * @param atRest       no step is under way (Ready, RolledBack, Failed, Suspended): a step in flight may have
 *                     tagged a snapshot that its status does not list yet
 * @param kept         the snapshot names of the release in status and of the first spec.rollback.keep good releases
 * @param repositories the repositories of every image and snapshot its status names: where its snapshots are
 */
public record LiveRelease(String key, String dockerHost, DockerTls tls, boolean atRest, Set<String> kept, Set<String> repositories) {

    private static final Set<Phase> AT_REST = EnumSet.of(Phase.Ready, Phase.RolledBack, Phase.Failed, Phase.Suspended);

    public LiveRelease {
        kept = Set.copyOf(kept);
        repositories = Set.copyOf(repositories);
    }

    /**
     * A release that exists but whose host is not swept this time (its TLS material could not be read):
     * it still keeps its gate containers and work area.
     */
    public static LiveRelease unswept(String key) {
        return new LiveRelease(key, null, null, false, Set.of(), Set.of());
    }

    /** The release as its spec and status tell it; {@code status} may be null (never reconciled). */
    public static LiveRelease of(String key, HoradusReleaseSpec spec, HoradusReleaseStatus status, DockerTls tls) {
        var dockerHost = spec.getTarget().getDockerHost();
        if (status == null) {
            return new LiveRelease(key, dockerHost, tls, false, Set.of(), Set.of());
        }
        var kept = new LinkedHashSet<String>();
        var repositories = new LinkedHashSet<String>();
        List<GoodRelease> good = status.getGoodReleases() == null ? List.of() : status.getGoodReleases();
        int keep = Math.max(0, spec.getRollback().getKeep());
        for (int i = 0; i < good.size(); i++) {
            add(good.get(i).getImages(), i < keep ? kept : null, repositories);
        }
        if (status.getRelease() != null) {
            add(status.getRelease().getImages(), kept, repositories);
        }
        return new LiveRelease(key, dockerHost, tls, AT_REST.contains(status.getPhase()), kept, repositories);
    }

    private static void add(Collection<ImageSnapshot> snapshots, Set<String> kept, Set<String> repositories) {
        if (snapshots == null) {
            return;
        }
        for (var snapshot : snapshots) {
            if (snapshot.getSnapshot() != null) {
                if (kept != null) {
                    kept.add(snapshot.getSnapshot());
                }
                repositories.add(ImageReference.parse(snapshot.getSnapshot()).repository());
            }
            if (snapshot.getImage() != null) {
                repositories.add(ImageReference.parse(snapshot.getImage()).repository());
            }
        }
    }
}

package io.horadus.housekeeping;

import io.horadus.release.port.ComposeTarget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Gate images left untagged: a gate's image is built under one tag per project and Dockerfile, and each
 * build that changes it moves the tag, leaving the previous image dangling. Only images the operator built
 * (labelled {@code horadus.io/gate-image}) and older than {@code minAge} go: a build that has just made its
 * image and not yet tagged it is left alone. An image a container still uses stays (removed without force).
 */
final class GateImageSweep {

    private final HostLeftovers host;
    private final Duration minAge;

    GateImageSweep(HostLeftovers host, Duration minAge) {
        this.host = host;
        this.minAge = minAge;
    }

    /** The images removed (or, in a dry run, that would be), by short ID. */
    List<String> sweep(ComposeTarget target, Instant now, boolean dryRun) {
        var removed = new ArrayList<String>();
        for (var image : host.danglingGateImages(target)) {
            if (image.created().isAfter(now.minus(minAge))) {
                continue;
            }
            if (dryRun || host.removeImage(target, image.id())) {
                removed.add(shortId(image.id()));
            }
        }
        return removed;
    }

    static String shortId(String id) {
        var hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}

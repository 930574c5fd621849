package io.horadus.image;

import io.horadus.testing.Commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The operator image as users get it offline: built by {@code image/build-debian.sh} from
 * target/quarkus-app (which failsafe finds packaged). A cached base makes later builds take seconds.
 */
final class OperatorImage {

    static final String NAME = "horadus-release-operator:0.1.0";

    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);

    /** What a build left: the image, how long it took and how big it is. */
    record Built(String image, Duration took, long sizeBytes) {
    }

    private OperatorImage() {
    }

    /** Builds the image, keeping the script's whole output in {@code log}; fails with its tail when the build fails. */
    static Built build(Path log) throws IOException {
        var out = Commands.run(Path.of("").toAbsolutePath(), Map.of(), List.of("image/build-debian.sh"), BUILD_TIMEOUT);
        Files.createDirectories(log.getParent());
        Files.writeString(log, out.output());
        if (!out.succeeded()) {
            throw new IllegalStateException("image/build-debian.sh failed with exit code " + out.exitCode() + ":\n" + tail(out.output()));
        }
        var size = Commands.run(List.of("docker", "image", "inspect", "-f", "{{.Size}}", NAME));
        if (!size.succeeded()) {
            throw new IllegalStateException("the build did not tag " + NAME + ": " + size);
        }
        return new Built(NAME, out.took(), Long.parseLong(size.output().strip()));
    }

    private static String tail(String output) {
        var lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}

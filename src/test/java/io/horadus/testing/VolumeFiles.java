package io.horadus.testing;

import io.horadus.demo.BaseImage;

import java.util.List;

/** Reads what a test app wrote into a Docker volume, the way a person would: a throwaway container. */
public final class VolumeFiles {

    private VolumeFiles() {
    }

    /**
     * The non-blank lines of {@code file} in {@code volume}, read through a container without network;
     * empty when the volume or the file does not exist.
     */
    public static List<String> lines(String volume, String file) {
        // Checked first: `docker run -v` would otherwise create the volume as a side effect.
        if (!Commands.run(List.of("docker", "volume", "inspect", volume)).succeeded()) {
            return List.of();
        }
        var path = "/data/" + file;
        Commands.Output out = Commands.run(List.of("docker", "run", "--rm", "--network", "none", "-v", volume + ":/data:ro",
                BaseImage.ensure(), "sh", "-c", "if [ -f " + path + " ]; then cat " + path + "; fi"));
        if (out.exitCode() != 0) {
            throw new IllegalStateException("cannot read " + volume + ": " + out.output());
        }
        return out.output().lines().filter(line -> !line.isBlank()).toList();
    }
}

package io.horadus.cli;

import io.horadus.api.HoradusRelease;
import io.horadus.manifest.ManifestRefused;
import io.horadus.manifest.Manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the agent finds its HoradusRelease manifests: every {@code .yaml}, {@code .yml} and {@code .json} file
 * under a folder (a work tree, or a git repository's checkout at its newest commit). A file refused by the
 * manifest rules is reported and skipped; the others are applied.
 */
interface ManifestSource {

    /** What one look found: the releases, the refusals ("file: message"), and the commit read (empty for a plain folder). */
    record Found(List<HoradusRelease> releases, List<String> refused, String revision) {
    }

    Found read();

    /** Reads the manifest files under {@code folder}, sorted by path, each with the same rules as {@code apply}. */
    static Found readFolder(Manifests manifests, Path folder, String revision) {
        if (!Files.isDirectory(folder)) {
            return new Found(List.of(), List.of(folder + ": no such folder"), revision);
        }
        var releases = new ArrayList<HoradusRelease>();
        var refused = new ArrayList<String>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml") || p.toString().endsWith(".json"))
                    .filter(p -> !hidden(folder.relativize(p)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var file : files) {
            try {
                releases.addAll(manifests.read(file));
            } catch (ManifestRefused e) {
                refused.add(file + ": " + e.getMessage());
            } catch (IOException e) {
                refused.add(file + ": " + e.getMessage());
            }
        }
        return new Found(releases, refused, revision);
    }

    /** A path under a dot-folder (.git, .github) holds no manifests of ours. */
    private static boolean hidden(Path relative) {
        for (var part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}

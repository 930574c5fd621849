package io.horadus.cli;

import io.horadus.demo.BaseImage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code horadus demo --remove}: everything the demo made, with the docker CLI (each command printed as it
 * runs, so a person can do the same by hand): the compose project's containers, volumes and networks (by
 * compose's project label), the sample's images and their kept snapshots (labelled with the sample's api
 * port, read from the demo's manifest or its containers: another sample app's images on the engine are not
 * the demo's), the base image when the demo imported it, and the demo's folder.
 */
final class DemoCleanup {

    /** A file in the demo's folder saying that the demo imported the base image (it was not on the engine before). */
    static final String IMPORTED_BASE_IMAGE = "imported-base-image";
    /** The label SampleApp puts on its images (and so on their containers): the app's api port. */
    private static final String SAMPLE_APP_LABEL = "io.horadus.sample.app";
    private static final Pattern API_PORT = Pattern.compile("healthUrl: http://127\\.0\\.0\\.1:(\\d+)/");

    private final String project;
    private final Path home;
    private final Console console;

    DemoCleanup(String project, Path home, Console console) {
        this.project = project;
        this.home = home;
        this.console = console;
    }

    void run() throws IOException, InterruptedException {
        var label = "label=com.docker.compose.project=" + project;
        var apps = new LinkedHashSet<>(output(List.of("docker", "ps", "-a", "--filter", label, "--format", "{{.Label \"" + SAMPLE_APP_LABEL + "\"}}")));
        var manifest = home.resolve("release.yaml");
        if (Files.isRegularFile(manifest)) {
            var port = API_PORT.matcher(Files.readString(manifest));
            if (port.find()) {
                apps.add(port.group(1));
            }
        }
        var importedBaseImage = Files.exists(home.resolve(IMPORTED_BASE_IMAGE));
        removeListed(List.of("docker", "ps", "-aq", "--filter", label), List.of("docker", "rm", "-f"));
        removeListed(List.of("docker", "volume", "ls", "-q", "--filter", label), List.of("docker", "volume", "rm", "-f"));
        removeListed(List.of("docker", "network", "ls", "-q", "--filter", label), List.of("docker", "network", "rm"));
        for (var app : apps) {
            removeListed(List.of("docker", "images", "--format", "{{.Repository}}:{{.Tag}}", "--filter", "label=" + SAMPLE_APP_LABEL + "=" + app),
                    List.of("docker", "rmi", "-f"));
        }
        if (importedBaseImage) {
            removeListed(List.of("docker", "images", "-q", "--filter", "reference=" + BaseImage.NAME), List.of("docker", "rmi", "-f"));
        }
        if (Files.exists(home)) {
            console.err().println("$ rm -rf " + home);
            deleteTree(home);
        }
        console.err().println("✔ removed what the demo made");
    }

    private void removeListed(List<String> list, List<String> remove) throws IOException, InterruptedException {
        var found = output(list);
        if (found.isEmpty()) {
            return;
        }
        var command = new ArrayList<>(remove);
        command.addAll(found);
        console.err().println("$ " + String.join(" ", command));
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (process.waitFor() != 0) {
            console.err().println("✗ exit " + process.exitValue() + ": " + String.join(" ", command));
        }
    }

    private static List<String> output(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        var lines = new String(process.getInputStream().readAllBytes()).lines().map(String::strip).filter(l -> !l.isEmpty() && !l.contains("<none>")).distinct().toList();
        process.waitFor();
        return lines;
    }

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

package io.horadus.it;

import java.io.IOException;
import io.horadus.testing.Commands;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** What a person would check on the host by hand: curl the app, docker ps the project. */
public final class HostProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HostProbe() {
    }

    /** The body of a 2xx answer, or null when the URL does not answer 2xx. */
    public static String get(String url) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? response.body().strip() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** "service image" of each running container of the compose project, sorted. */
    public static List<String> running(String project) {
        return docker("ps", "--filter", "label=com.docker.compose.project=" + project,
                "--format", "{{.Label \"com.docker.compose.service\"}} {{.Image}}").lines().sorted().toList();
    }

    /** The ID of the running container of a compose project's service ("" when there is none). */
    public static String containerOf(String project, String service) {
        return docker("ps", "-q", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=" + service).strip();
    }

    /** Every container (any state) and image the project left on the host. */
    public static List<String> traces(String project, int apiPort) {
        var containers = docker("ps", "-a", "--filter", "label=com.docker.compose.project=" + project, "--format", "container {{.Names}}");
        var images = docker("images", "--format", "image {{.Repository}}:{{.Tag}}");
        return java.util.stream.Stream.concat(containers.lines(),
                images.lines().filter(line -> (line.contains("horadus-sample-") || line.contains("horadus-shaped-")) && line.contains("-" + apiPort + ":"))).toList();
    }

    /** Removes what a test's compose project left: containers, its volumes and networks, its images. */
    public static void cleanUp(String project, int apiPort) {
        var containers = docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project).lines().toList();
        if (!containers.isEmpty()) {
            var argv = new java.util.ArrayList<>(List.of("rm", "-f"));
            argv.addAll(containers);
            docker(argv.toArray(String[]::new));
        }
        docker("volume", "rm", "-f", project + "_migrations");
        // Whatever else compose created for the project: its networks (the shaped app's internal and
        // edge networks) and volumes (its database), found by compose's project label.
        for (var kind : List.of("volume", "network")) {
            var names = docker(kind, "ls", "-q", "--filter", "label=com.docker.compose.project=" + project).lines()
                    .filter(line -> !line.isBlank()).toList();
            if (!names.isEmpty()) {
                var argv = new java.util.ArrayList<>(List.of(kind, "rm"));
                argv.addAll(names);
                docker(argv.toArray(String[]::new));
            }
        }
        var images = docker("images", "--format", "{{.Repository}}:{{.Tag}}").lines()
                .filter(line -> line.matches("horadus-(sample|shaped)-(api|worker)-" + apiPort + ":.*")).toList();
        if (!images.isEmpty()) {
            var argv = new java.util.ArrayList<>(List.of("rmi", "-f"));
            argv.addAll(images);
            docker(argv.toArray(String[]::new));
        }
    }

    /**
     * Removes image names until the images with these IDs are gone from the engine, as a person
     * pruning old images would; retried for a while because a container compose is still replacing
     * may hold an image for a moment.
     */
    public static void pruneImages(List<String> names, List<String> ids) throws InterruptedException {
        var deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (true) {
            for (var name : names) {
                docker("rmi", name);
            }
            if (ids.stream().noneMatch(id -> Commands.run(List.of("docker", "image", "inspect", id)).succeeded())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("images " + ids + " still on the host: "
                        + ids.stream().map(id -> docker("image", "inspect", "--format", "{{.RepoTags}}", id)).toList()
                        + "\n" + docker("ps", "-a"));
            }
            Thread.sleep(200);
        }
    }

    /** Names of the project's migration-run containers in this state (null: any), as `docker ps -a` lists them. */
    public static List<String> migrationRuns(String project, String state) {
        var argv = new java.util.ArrayList<>(List.of("docker", "ps", "-a", "--format", "{{.Names}}",
                "--filter", "label=horadus.io/migration-run", "--filter", "label=com.docker.compose.project=" + project));
        if (state != null) {
            argv.addAll(List.of("--filter", "status=" + state));
        }
        var output = Commands.run(argv);
        if (!output.succeeded()) {
            throw new IllegalStateException("docker ps failed: " + output);
        }
        return output.output().lines().filter(line -> !line.isBlank()).toList();
    }

    public static String docker(String... args) {
        var argv = new java.util.ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return Commands.run(argv).output();
    }
}

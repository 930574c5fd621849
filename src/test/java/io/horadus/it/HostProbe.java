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
final class HostProbe {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private HostProbe() {
    }

    /** The body of a 2xx answer, or null when the URL does not answer 2xx. */
    static String get(String url) {
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
    static List<String> running(String project) {
        return docker("ps", "--filter", "label=com.docker.compose.project=" + project,
                "--format", "{{.Label \"com.docker.compose.service\"}} {{.Image}}").lines().sorted().toList();
    }

    /** Every container (any state) and image the project left on the host. */
    static List<String> traces(String project, int apiPort) {
        var containers = docker("ps", "-a", "--filter", "label=com.docker.compose.project=" + project, "--format", "container {{.Names}}");
        var images = docker("images", "--format", "image {{.Repository}}:{{.Tag}}");
        return java.util.stream.Stream.concat(containers.lines(),
                images.lines().filter(line -> line.contains("horadus-sample-") && line.contains("-" + apiPort + ":"))).toList();
    }

    /** Removes what a test's compose project left: containers, its volume, its images. */
    static void cleanUp(String project, int apiPort) {
        var containers = docker("ps", "-aq", "--filter", "label=com.docker.compose.project=" + project).lines().toList();
        if (!containers.isEmpty()) {
            var argv = new java.util.ArrayList<>(List.of("rm", "-f"));
            argv.addAll(containers);
            docker(argv.toArray(String[]::new));
        }
        docker("volume", "rm", "-f", project + "_migrations");
        var images = docker("images", "--format", "{{.Repository}}:{{.Tag}}").lines()
                .filter(line -> line.matches("horadus-sample-(api|worker)-" + apiPort + ":.*")).toList();
        if (!images.isEmpty()) {
            var argv = new java.util.ArrayList<>(List.of("rmi", "-f"));
            argv.addAll(images);
            docker(argv.toArray(String[]::new));
        }
    }

    static String docker(String... args) {
        var argv = new java.util.ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        return Commands.run(argv).output();
    }
}

package io.horadus.demo;

import io.horadus.testing.Commands;
import io.horadus.testing.LoopbackPorts;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo's sample project released by hand from its tags, as the runbook does it (gates in the base
 * image, build, migrate, up), on the real Docker engine and compose: v1.0.0 serves its health, v1.2.0
 * serves it first and fails it later.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleProjectIT {

    private static final int BREAKS_AFTER_SECONDS = 6;
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> released = new ArrayList<>();
    private Path root;
    private SampleProject sample;
    private String project;
    private Path lastCheckout;

    @BeforeAll
    void setUp() throws IOException {
        BaseImage.ensure();
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        root = Files.createTempDirectory(tmp, "sample-project-it-");
        sample = SampleProject.create(root.resolve("horadus"), LoopbackPorts.free(), BREAKS_AFTER_SECONDS);
        project = "hxd" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    @AfterAll
    void tearDown() throws IOException {
        if (lastCheckout != null) {
            Commands.Output down = compose(lastCheckout, released.get(released.size() - 1), "down", "-v");
            if (!down.succeeded()) {
                System.err.println("cleanup: " + down);
            }
        }
        for (String tag : released) {
            var variant = sample.release(tag).variant();
            Commands.run(List.of("docker", "rmi", variant.apiImage(tag), variant.workerImage(tag)));
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    @Order(1)
    void v100PassesItsGatesAndServesItsHealth() {
        Path checkout = releaseByHand("v1.0.0");

        HttpResponse<String> health = get(sample.healthUrl());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().strip()).isEqualTo("ok v1.0.0");
        assertThat(Files.exists(checkout.resolve("Makefile"))).isTrue();
    }

    @Test
    @Order(2)
    void v120ServesItsHealthFirstAndFailsItLater() {
        releaseByHand("v1.2.0");

        // Its api started before `up -d` returned, so an answer within this long came before the break.
        await().atMost(Duration.ofSeconds(BREAKS_AFTER_SECONDS)).pollInterval(Duration.ofMillis(100))
                .until(() -> body(sample.healthUrl()).equals("200 ok v1.2.0"));
        await().atMost(Duration.ofSeconds(BREAKS_AFTER_SECONDS + 10)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(sample.healthUrl()).statusCode() == 404);
        assertThat(get(sample.manifest("horadus-demo", "v1.2.0").metricsUrl()).statusCode()).as("only health breaks").isEqualTo(200);
    }

    @Test
    @Order(3)
    void aGateFailsWhenTheTreeDoesNotMatchTheTag() {
        Commands.Output test = gate(lastCheckout, "v1.1.0", "scripts/test.sh");

        assertThat(test.exitCode()).as("%s", test).isNotZero();
        assertThat(test.output()).contains("www/version says v1.2.0, the release is v1.1.0");
    }

    /** The tag checked out into a directory of its own, its three gates, then the runbook's rollout. */
    private Path releaseByHand(String tag) {
        Path checkout = root.resolve(tag);
        try (Git ignored = Git.cloneRepository().setURI(sample.sourceUrl()).setDirectory(checkout.toFile())
                .setBranch("refs/tags/" + tag).call()) {
            // cloned and checked out at the tag
        } catch (Exception e) {
            throw new IllegalStateException("cannot check out " + tag, e);
        }
        for (String gate : List.of("scripts/check.sh", "scripts/test.sh", "scripts/db-upgrade.sh")) {
            Commands.Output out = gate(checkout, tag, gate);
            assertThat(out.succeeded()).as("%s", out).isTrue();
        }
        released.add(tag);
        lastCheckout = checkout;
        succeeds(compose(checkout, tag, "build", "api", "worker"));
        succeeds(compose(checkout, tag, "--profile", "ops", "run", "--rm", "migrate"));
        succeeds(compose(checkout, tag, "up", "-d", "api", "worker", "beat"));
        return checkout;
    }

    /** A gate as the manifest declares it: the script in the base image, the checkout in /src, no network. */
    private static Commands.Output gate(Path checkout, String tag, String script) {
        return Commands.run(null, Map.of(), List.of("docker", "run", "--rm", "--network", "none", "-e", "HORADUS_TAG=" + tag,
                "-v", checkout + ":/src", "-w", "/src", BaseImage.NAME, "sh", script), COMMAND_TIMEOUT);
    }

    private Commands.Output compose(Path dir, String tag, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker-compose", "-p", project, "-f", SampleApp.COMPOSE_FILE));
        argv.addAll(List.of(args));
        return Commands.run(dir, Map.of("HORADUS_TAG", tag), argv, COMMAND_TIMEOUT);
    }

    private static void succeeds(Commands.Output out) {
        assertThat(out.succeeded()).as("%s", out).isTrue();
    }

    private String body(String url) {
        try {
            HttpResponse<String> response = get(url);
            return response.statusCode() + " " + response.body().strip();
        } catch (IllegalStateException notYet) {
            return "";
        }
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("no answer from " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

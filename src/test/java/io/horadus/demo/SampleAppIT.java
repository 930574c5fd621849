package io.horadus.demo;

import io.horadus.api.VerifySpec;
import io.horadus.demo.SampleApp.Variant;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.ContainerExec;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.VerificationReport;
import io.horadus.testing.Commands;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import io.horadus.verify.HttpVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * The sample app released by hand, exactly as the runbook does it: build, migrate, up; then an
 * upgrade. Proves the fixture works before the operator drives it, and measures the by-hand
 * upgrade time the operator's overhead is compared against.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleAppIT {

    /** The by-hand checks here are HTTP only: an exec reaching this is a bug. */
    private static final ContainerExec NO_EXEC = (target, container, command, timeout) -> {
        throw new AssertionError("no exec check here");
    };
    private static final ProbeAccess NO_PROBE_SECRETS = new ProbeAccess(
            new ComposeTarget("unix:///var/run/docker.sock", null, "sample", List.of("compose.yml")), ProbeSecrets.NONE);

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SERVING_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** Every version written (and maybe built), for cleanup. */
    private final List<Variant> released = new ArrayList<>();
    private String project;
    private int port;
    private Path root;
    private Path lastRelease;

    @BeforeAll
    void setUp() throws IOException {
        BaseImage.ensure();
        port = LoopbackPorts.free();
        project = "hxc" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        root = Files.createTempDirectory(tmp, "sample-app-it-");
    }

    @AfterAll
    void tearDown() throws IOException {
        if (root == null) {
            return;
        }
        if (lastRelease != null) {
            String tag = released.get(released.size() - 1).version();
            Commands.Output down = compose(lastRelease, tag, "down", "-v", "--rmi", "local");
            if (!down.succeeded()) {
                System.err.println("cleanup: " + down);
            }
        }
        // `down --rmi local` keeps images named by an `image:` key, i.e. all of ours.
        for (Variant v : released) {
            run(root, null, List.of("docker", "rmi", v.apiImage(v.version()), v.workerImage(v.version())));
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    @Order(1)
    void firstReleaseServesItsVersionAndMigratesOnce() {
        Variant v1 = Variant.ok("v1.0.0", port);

        releaseByHand(v1);

        assertServes(v1);
        assertThat(MigrationLog.runs(project)).hasSize(1).allMatch(line -> line.startsWith("v1.0.0 "));
    }

    @Test
    @Order(2)
    void upgradeServesTheNewVersionAndMigratesAgain() {
        Variant v2 = Variant.ok("v1.1.0", port);

        Rollout rollout = releaseByHand(v2);
        Duration untilServing = awaitHealth(v2);

        assertServes(v2);
        assertThat(MigrationLog.runs(project)).hasSize(2)
                .satisfiesExactly(first -> assertThat(first).startsWith("v1.0.0 "), second -> assertThat(second).startsWith("v1.1.0 "));
        System.out.printf("by-hand upgrade v1.0.0 -> v1.1.0: build %d ms, migrate %d ms, up %d ms, total %d ms; "
                        + "/health answered v1.1.0 %d ms after up returned%n",
                rollout.build().toMillis(), rollout.migrate().toMillis(), rollout.up().toMillis(),
                rollout.total().toMillis(), untilServing.toMillis());
    }

    @Test
    @Order(3)
    void brokenVariantsFailAtTheirStep() {
        Variant serving = Variant.ok("v1.1.0", port);

        Variant brokenBuild = Variant.ok("v1.2.0", port).withBrokenBuild();
        Commands.Output build = compose(prepare(brokenBuild), brokenBuild.version(), "build", "api", "worker");
        assertThat(build.exitCode()).as("%s", build).isNotZero();
        assertThat(build.output()).contains("does-not-exist.txt");
        awaitHealth(serving);

        Variant failingMigration = Variant.ok("v1.3.0", port).withFailingMigration().withSlowMigration(1);
        Path dir = prepare(failingMigration);
        assertThat(compose(dir, failingMigration.version(), "build", "api", "worker").succeeded()).isTrue();
        Commands.Output migrate = migrate(dir, failingMigration.version());
        assertThat(migrate.exitCode()).as("%s", migrate).isEqualTo(3);
        assertThat(migrate.took()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(MigrationLog.runs(project)).hasSize(3).last().asString().startsWith("v1.3.0 ");
        awaitHealth(serving);

        Variant unhealthy = Variant.ok("v1.4.0", port).withUnhealthyApi();
        releaseByHand(unhealthy);
        awaitStatus(unhealthy.healthUrl(), 404);
        VerifySpec spec = new VerifySpec();
        spec.setHealthUrl(unhealthy.healthUrl());
        assertThat(new HttpVerifier(NO_EXEC).verify("default/sample", spec, List.of(), new HostState(List.of()), NO_PROBE_SECRETS).failures()).isEqualTo("health: HTTP 404");
        assertThat(apiHealthStatus()).isNotEqualTo("healthy");
    }

    @Test
    @Order(4)
    void timelineAndSchemaVariantsChangeAsDescribed() {
        Variant spiking = Variant.ok("v1.5.0", port).withErrorSpikeAfter(3).withProcessingStoppingAfter(3).withSchema(5);
        releaseByHand(spiking);
        awaitHealth(spiking);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> counter(spiking, "http_requests_total{code=\"500\"}") > 0);
        long ok = counter(spiking, "http_requests_total{code=\"200\"}");
        long items = counter(spiking, "horadus_items_processed_total");
        assertThat(items).as("processed until the stall").isPositive();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> counter(spiking, "http_requests_total{code=\"200\"}") > ok);
        assertThat(counter(spiking, "horadus_items_processed_total")).as("stalled since the spike began").isEqualTo(items);

        // An older version started on the newer schema (no migration of its own: a rollback) refuses to serve.
        Variant older = Variant.ok("v1.6.0", port).withSchema(4);
        Path dir = prepare(older);
        assertThat(compose(dir, older.version(), "build", "api", "worker").succeeded()).isTrue();
        assertThat(compose(dir, older.version(), "up", "-d", "api", "worker", "beat").succeeded()).isTrue();
        awaitStatus("http://127.0.0.1:" + port + "/version", 200);
        awaitStatus(older.healthUrl(), 404);
        assertThat(get("http://127.0.0.1:" + port + "/version").body().strip()).isEqualTo("v1.6.0");
    }

    private long counter(Variant variant, String series) {
        return get(variant.metricsUrl()).body().lines().filter(l -> l.startsWith(series + " "))
                .mapToLong(l -> Long.parseLong(l.substring(series.length() + 1).strip())).findFirst().orElse(-1);
    }

    private record Rollout(Duration build, Duration migrate, Duration up) {
        Duration total() {
            return build.plus(migrate).plus(up);
        }
    }

    /** The runbook's three rollout lines, in a fresh directory holding this version. */
    private Rollout releaseByHand(Variant variant) {
        Path dir = prepare(variant);
        String tag = variant.version();

        Commands.Output build = compose(dir, tag, "build", "api", "worker");
        assertThat(build.succeeded()).as("%s", build).isTrue();
        Commands.Output migrate = migrate(dir, tag);
        assertThat(migrate.succeeded()).as("%s", migrate).isTrue();
        Commands.Output up = compose(dir, tag, "up", "-d", "api", "worker", "beat");
        assertThat(up.succeeded()).as("%s", up).isTrue();
        return new Rollout(build.took(), migrate.took(), up.took());
    }

    private Path prepare(Variant variant) {
        Path dir = root.resolve(variant.version());
        SampleApp.write(dir, variant);
        released.add(variant);
        lastRelease = dir;
        return dir;
    }

    private Commands.Output migrate(Path dir, String tag) {
        return compose(dir, tag, "--profile", SampleApp.MIGRATION_PROFILE, "run", "--rm", SampleApp.MIGRATION_SERVICE);
    }

    private void assertServes(Variant variant) {
        awaitHealth(variant);
        HttpResponse<String> health = get(variant.healthUrl());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body().strip()).isEqualTo(variant.healthBody());

        HttpResponse<String> metrics = get(variant.metricsUrl());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("horadus_build_info{version=\"" + variant.version() + "\"} 1");

        // The product's own probes must accept what busybox httpd serves.
        VerifySpec spec = new VerifySpec();
        spec.setHealthUrl(variant.healthUrl());
        spec.setMetricsUrl(variant.metricsUrl());
        VerificationReport report = new HttpVerifier(NO_EXEC).verify("default/sample", spec, List.of(), new HostState(List.of()), NO_PROBE_SECRETS);
        assertThat(report.passed()).as(report.failures()).isTrue();

        awaitApiHealthy();
        assertThat(runningServices()).containsExactlyInAnyOrder("api", "worker", "beat");
    }

    /** Polls /health until it answers this version; returns how long that took. */
    private Duration awaitHealth(Variant variant) {
        long start = System.nanoTime();
        long deadline = start + SERVING_TIMEOUT.toNanos();
        String last = "nothing yet";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(request(variant.healthUrl()), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().strip().equals(variant.healthBody())) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
                last = "HTTP " + r.statusCode() + " " + r.body().strip();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(20));
        }
        throw new AssertionError(variant.healthUrl() + " did not answer " + variant.healthBody() + " within "
                + SERVING_TIMEOUT + "; last: " + last);
    }

    private void awaitStatus(String url, int status) {
        long deadline = System.nanoTime() + SERVING_TIMEOUT.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(request(url), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                last = -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(Duration.ofMillis(20));
        }
        throw new AssertionError(url + " did not answer " + status + " within " + SERVING_TIMEOUT + "; last: " + last);
    }

    /** The compose healthcheck (busybox wget inside the container) must turn the api healthy. */
    private void awaitApiHealthy() {
        long deadline = System.nanoTime() + SERVING_TIMEOUT.toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = apiHealthStatus();
            if (status.equals("healthy")) {
                return;
            }
            pause(Duration.ofMillis(100));
        }
        throw new AssertionError("api container not healthy within " + SERVING_TIMEOUT + ": " + status);
    }

    /** Found by compose labels, not by name: compose v1 and v2 name containers differently. */
    private String apiHealthStatus() {
        Commands.Output ps = run(root, null, List.of("docker", "ps", "-q", "--filter", "label=com.docker.compose.project=" + project,
                "--filter", "label=com.docker.compose.service=api"));
        List<String> ids = ps.output().lines().filter(l -> !l.isBlank()).toList();
        assertThat(ids).as("running api containers of %s", project).hasSize(1);
        return run(root, null, List.of("docker", "inspect", "--format", "{{.State.Health.Status}}", ids.get(0)))
                .output().strip();
    }

    private List<String> runningServices() {
        Commands.Output ps = run(root, null, List.of("docker", "ps", "--filter", "label=com.docker.compose.project=" + project,
                "--format", "{{.Label \"com.docker.compose.service\"}}"));
        assertThat(ps.succeeded()).as("%s", ps).isTrue();
        return ps.output().lines().filter(l -> !l.isBlank()).toList();
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(request(url), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
    }

    private Commands.Output compose(Path dir, String tag, String... args) {
        List<String> argv = new ArrayList<>(List.of("docker-compose", "-p", project, "-f", SampleApp.COMPOSE_FILE));
        argv.addAll(List.of(args));
        return run(dir, tag, argv);
    }

    /** Runs argv (no shell) in dir, with HORADUS_TAG set when tag is given. */
    private static Commands.Output run(Path dir, String tag, List<String> argv) {
        return Commands.run(dir, tag == null ? Map.of() : Map.of("HORADUS_TAG", tag), argv, COMMAND_TIMEOUT);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.horadus.verify;

import io.horadus.api.ExecCheckSpec;
import io.horadus.api.HttpCheckSpec;
import io.horadus.api.HttpProbeSpec;
import io.horadus.api.ProbeCheckSpec;
import io.horadus.api.VerifySpec;
import io.horadus.compose.DockerClients;
import io.horadus.compose.DockerExec;
import io.horadus.compose.TlsMaterialStore;
import io.horadus.demo.BaseImage;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.ServiceContainer;
import io.horadus.testing.Commands;
import io.horadus.testing.TestCertificates;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark, not a timed test: how long one check takes per round, for each kind the Horadus-shaped
 * release uses. HTTP with a key header and HTTPS with a CA bundle go to in-process servers on loopback;
 * the exec check runs {@code wget} against httpd inside a real container on the real engine. Prints the
 * median, 90th percentile and maximum of {@value #ROUNDS} rounds after {@value #WARMUP} warm-up rounds;
 * asserts only that every check passed.
 */
class ProbeLatencyBenchmarkIT {

    private static final int WARMUP = 10;
    private static final int ROUNDS = 50;
    private static final String KEY = "bench-key-0000";

    @Test
    void checkLatencyPerRound() throws Exception {
        var dir = Files.createTempDirectory(Path.of("target"), "probe-bench-");
        var ca = TestCertificates.authority(dir, "bench-ca");
        var container = "horadus-probe-bench-" + ProcessHandle.current().pid();
        Commands.run(List.of("docker", "rm", "-f", container));
        var started = Commands.run(List.of("docker", "run", "-d", "--name", container, "--network", "none", BaseImage.ensure(),
                "sh", "-c", "mkdir -p /www && echo ok > /www/health && exec httpd -f -p 8000 -h /www"));
        assertThat(started.succeeded()).as(started.toString()).isTrue();
        try (var http = keyed(new LocalHttpServer()); var https = keyed(new LocalHttpServer(ca.server("app", "IP:127.0.0.1").serverContext()));
             var clients = new DockerClients(new TlsMaterialStore(dir.resolve("tls")), Duration.ofSeconds(5), Duration.ofSeconds(30))) {
            var verifier = new HttpVerifier(new DockerExec(clients), Clock.systemUTC());
            var target = new ComposeTarget("unix:///var/run/docker.sock", null, "bench", List.of("compose.yml"));
            var id = Commands.run(List.of("docker", "inspect", "--format", "{{.Id}}", container)).output().strip();
            var host = new HostState(List.of(new ServiceContainer("api", id, container, BaseImage.NAME, "running", ServiceContainer.Health.NONE, false)));

            var headers = new ProbeAccess(target, new ProbeSecrets(Map.of("keys", Map.of("X-API-Key", KEY)), null));
            var tls = new ProbeAccess(target, new ProbeSecrets(Map.of("keys", Map.of("X-API-Key", KEY)), ca.caPem()));
            var inside = new ExecCheckSpec("api", List.of("wget", "-q", "-O", "-", "http://127.0.0.1:8000/health"));
            inside.setOutputContains("ok");

            print("HTTP with a key header", measure(verifier, spec(http.url("/health"), false, List.of()), host, headers));
            print("HTTPS with a CA bundle and a key header", measure(verifier, spec(https.url("/health"), true, List.of()), host, tls));
            print("exec (wget inside the container)", measure(verifier, spec(null, false, List.of(new ProbeCheckSpec("inside", null, inside))), host, headers));
            var all = spec(http.url("/health"), false, List.of(
                    new ProbeCheckSpec("https", new HttpCheckSpec(https.url("/health")), null),
                    new ProbeCheckSpec("inside", null, inside)));
            // The https check with its own trust would need a second verify.http: the round here trusts the CA for all.
            all.getHttp().setCaSecretRef("ca");
            print("a round of all three", measure(verifier, all, host, tls));
        } finally {
            Commands.run(List.of("docker", "rm", "-f", container));
        }
    }

    private static VerifySpec spec(String healthUrl, boolean ca, List<ProbeCheckSpec> checks) {
        var spec = new VerifySpec();
        spec.setHealthUrl(healthUrl);
        var http = new HttpProbeSpec();
        http.setHeadersSecretRef("keys");
        if (ca) {
            http.setCaSecretRef("ca");
        }
        spec.setHttp(http);
        spec.setChecks(checks);
        return spec;
    }

    private static List<Double> measure(HttpVerifier verifier, VerifySpec spec, HostState host, ProbeAccess access) {
        var millis = new ArrayList<Double>();
        for (int i = 0; i < WARMUP + ROUNDS; i++) {
            long start = System.nanoTime();
            var report = verifier.verify("default/bench", spec, List.of(), host, access);
            long took = System.nanoTime() - start;
            assertThat(report.passed()).as(report.failures()).isTrue();
            if (i >= WARMUP) {
                millis.add(took / 1e6);
            }
        }
        Collections.sort(millis);
        return millis;
    }

    private static void print(String what, List<Double> sorted) {
        System.out.printf("BENCHMARK probe %s: median %.1f ms, p90 %.1f ms, max %.1f ms (%d rounds)%n", what,
                sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.9)), sorted.get(sorted.size() - 1), sorted.size());
    }

    /** /health answers 200 "ok" to the key, 401 otherwise. */
    private static LocalHttpServer keyed(LocalHttpServer server) {
        return server.handle("/health", exchange -> {
            boolean allowed = KEY.equals(exchange.getRequestHeaders().getFirst("X-API-Key"));
            byte[] body = (allowed ? "ok" : "no key").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(allowed ? 200 : 401, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }
}

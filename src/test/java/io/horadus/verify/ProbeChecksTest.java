package io.horadus.verify;

import io.horadus.api.ExecCheckSpec;
import io.horadus.api.HttpCheckSpec;
import io.horadus.api.HttpProbeSpec;
import io.horadus.api.ProbeCheckSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.ContainerExec;
import io.horadus.release.port.ExecResult;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.ProjectSecrets;
import io.horadus.release.port.ServiceContainer.Health;
import io.horadus.release.port.VerificationReport.Check;
import io.horadus.release.port.VerificationReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.horadus.verify.HttpVerifierTest.container;
import static io.horadus.verify.HttpVerifierTest.host;
import static org.assertj.core.api.Assertions.assertThat;

/** verify.http and verify.checks: authenticated HTTP probes judged by status and body, and probes inside a container. */
class ProbeChecksTest {

    private static final String API_KEY = "sentinel-probe-api-key-4711";
    private static final String ADMIN_KEY = "sentinel-probe-admin-key-0815";
    private static final ProbeSecrets KEYS = new ProbeSecrets(Map.of(
            "horadus-keys", Map.of("X-API-Key", API_KEY),
            "horadus-admin-keys", Map.of("X-Admin-API-Key", ADMIN_KEY)), null);
    private static final ComposeTarget TARGET = new ComposeTarget("unix:///var/run/docker.sock", null, "horadus", List.of("docker-compose.prod.yml"),
            new ProjectSecrets(List.of(), Map.of("DATABASE_PASSWORD", "sentinel-db-password-31337")));

    private final LocalHttpServer server = new LocalHttpServer();
    private final FakeExec exec = new FakeExec();
    private final HttpVerifier verifier = new HttpVerifier(new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5)), exec, Clock.systemUTC());
    /** What each path saw of the two key headers. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    @DisplayName("the headers of verify.http go with the health probe, the metrics scrape and every http check")
    void headersGoWithEveryProbe() {
        keyed("/health", "X-API-Key", API_KEY, 200, "ok");
        keyed("/metrics", "X-API-Key", API_KEY, 200, "horadus_up 1\n");
        keyed("/health/ready", "X-API-Key", API_KEY, 200, "ready");
        var spec = spec("/health", "/metrics");
        spec.setHttp(headers("horadus-keys"));
        spec.setChecks(List.of(http("ready", "/health/ready")));

        var report = verify(spec, host());

        assertThat(report.checks()).extracting(Check::name).containsExactly("health", "metrics", "ready");
        assertThat(report.passed()).as(report.failures()).isTrue();
        assertThat(seen).containsEntry("/health", API_KEY).containsEntry("/metrics", API_KEY).containsEntry("/health/ready", API_KEY);
    }

    @Test
    @DisplayName("a check with its own headersSecretRef sends those headers instead of verify.http's")
    void aCheckSendsItsOwnHeaders() {
        keyed("/health", "X-API-Key", API_KEY, 200, "ok");
        keyed("/admin/metrics", "X-Admin-API-Key", ADMIN_KEY, 200, "ok");
        var spec = spec("/health", null);
        spec.setHttp(headers("horadus-keys"));
        var admin = http("admin", "/admin/metrics");
        admin.getHttp().setHeadersSecretRef("horadus-admin-keys");
        spec.setChecks(List.of(admin));

        var report = verify(spec, host());

        assertThat(report.passed()).as(report.failures()).isTrue();
        assertThat(seen.get("/admin/metrics")).isEqualTo(ADMIN_KEY);
    }

    @Test
    @DisplayName("without its key the endpoint answers 401, and the check says so")
    void aMissingKeyFails() {
        keyed("/health", "X-API-Key", API_KEY, 200, "ok");

        var report = verify(spec("/health", null), host());

        assertThat(report.checks()).containsExactly(new Check("health", false, "HTTP 401: no key"));
    }

    @Test
    @DisplayName("expectStatus decides which statuses pass; any 2xx when it is empty")
    void expectedStatusesDecide() {
        server.answer("/health", 200, "ok").answer("/gone", 404, "").answer("/ok", 200, "fine").answer("/created", 201, "");
        var gone = http("gone", "/gone");
        gone.getHttp().setExpectStatus(List.of(404, 410));
        var ok = http("ok", "/ok");
        ok.getHttp().setExpectStatus(List.of(204));
        var created = http("created", "/created");
        var spec = spec("/health", null);
        spec.setChecks(List.of(gone, ok, created));

        var report = verify(spec, host());

        assertThat(report.checks()).containsExactly(
                new Check("health", true, "HTTP 200"),
                new Check("gone", true, "HTTP 404"),
                new Check("ok", false, "HTTP 200: fine, expected [204]"),
                new Check("created", true, "HTTP 201"));
    }

    @Test
    @DisplayName("bodyContains and bodyMatches judge the answer's body")
    void bodyMustSayTheRightThing() {
        server.answer("/health", 200, "{\"status\": \"ok\", \"version\": \"v1.2.0\"}");
        var spec = new VerifySpec();
        spec.setChecks(List.of(
                body("status-ok", "\"status\": \"ok\"", null),
                body("degraded", "degraded", null),
                body("version", null, "v1\\.2\\.\\d+"),
                body("next-major", null, "v2\\.")));

        var report = verify(spec, host());

        assertThat(report.checks()).containsExactly(
                new Check("status-ok", true, "HTTP 200"),
                new Check("degraded", false, "HTTP 200, body lacks 'degraded'"),
                new Check("version", true, "HTTP 200"),
                new Check("next-major", false, "HTTP 200, body does not match /v2\\./"));
    }

    @Test
    @DisplayName("a pattern that backtracks without end fails the check instead of holding the round")
    void aRunawayPatternFails() {
        server.answer("/health", 200, "a".repeat(30) + "!");
        var spec = new VerifySpec();
        spec.setChecks(List.of(body("runaway", null, "(.*a){20}")));

        var report = verify(spec, host());

        assertThat(report.checks()).containsExactly(new Check("runaway", false, "HTTP 200, body pattern took too long to match"));
    }

    @Test
    @DisplayName("an endpoint that echoes its key back shows *** in status, never the key")
    void anEchoedKeyIsMasked() {
        server.answer("/health", 500, "bad key " + API_KEY);
        var spec = spec("/health", null);
        spec.setHttp(headers("horadus-keys"));

        var report = verify(spec, host());

        assertThat(report.failures()).isEqualTo("health: HTTP 500: bad key ***");
    }

    @Test
    @DisplayName("without a healthUrl only the named checks run")
    void namedChecksInsteadOfHealth() {
        server.answer("/health/live", 200, "live");
        var spec = new VerifySpec();
        spec.setChecks(List.of(http("live", "/health/live")));

        var report = verify(spec, host());

        assertThat(report.checks()).containsExactly(new Check("live", true, "HTTP 200"));
    }

    @Test
    @DisplayName("an exec check runs its argv in the service's running container and passes on exit 0")
    void execPassesOnExitZero() {
        exec.answer(new ExecResult.Exited(0, "{\"status\":\"ok\"}", false));
        var spec = new VerifySpec();
        spec.setChecks(List.of(execCheck("api-inside", "api", "curl", "-fsS", "http://localhost:8000/health")));

        var report = verify(spec, host(container("worker", "running", Health.NONE), container("api", "running", Health.HEALTHY)));

        assertThat(report.checks()).containsExactly(new Check("api-inside", true, "exit 0"));
        assertThat(exec.calls).containsExactly("horadus id-api [curl, -fsS, http://localhost:8000/health] 5s");
    }

    @Test
    @DisplayName("an exec check fails on a non-zero exit with the output's first line, a timeout, an engine refusal, or no running container")
    void execFailures() {
        var spec = new VerifySpec();
        spec.setChecks(List.of(execCheck("api-inside", "api", "curl", "-fsS", "http://localhost:8000/health")));
        var running = host(container("api", "running", Health.HEALTHY));

        exec.answer(new ExecResult.Exited(7, "\ncurl: (7) Failed to connect to localhost port 8000\nmore", false));
        assertThat(verify(spec, running).failures()).isEqualTo("api-inside: exit 7: curl: (7) Failed to connect to localhost port 8000");
        exec.answer(new ExecResult.TimedOut());
        assertThat(verify(spec, running).failures()).isEqualTo("api-inside: timed out after 5s");
        exec.answer(new ExecResult.Failed("container is not running"));
        assertThat(verify(spec, running).failures()).isEqualTo("api-inside: container is not running");

        exec.calls.clear();
        assertThat(verify(spec, host(container("api", "exited", Health.NONE))).failures())
                .isEqualTo("api-inside: no running container of service api");
        assertThat(exec.calls).as("nothing to exec in").isEmpty();
    }

    @Test
    @DisplayName("outputContains and outputMatches judge an exec check's output")
    void execOutputMustSayTheRightThing() {
        exec.answer(new ExecResult.Exited(0, "schema revision 42 (head)", false));
        var contains = execCheck("head", "api", "alembic", "current");
        contains.getExec().setOutputContains("(head)");
        var matches = execCheck("revision", "api", "alembic", "current");
        matches.getExec().setOutputMatches("revision 4[3-9]");
        var spec = new VerifySpec();
        spec.setChecks(List.of(contains, matches));

        var report = verify(spec, host(container("api", "running", Health.NONE)));

        assertThat(report.checks()).containsExactly(
                new Check("head", true, "exit 0"),
                new Check("revision", false, "exit 0, output does not match /revision 4[3-9]/"));
    }

    @Test
    @DisplayName("an exec check whose output prints a project secret shows *** instead")
    void execOutputIsMasked() {
        exec.answer(new ExecResult.Exited(1, "cannot connect with password sentinel-db-password-31337", false));
        var spec = new VerifySpec();
        spec.setChecks(List.of(execCheck("db", "api", "python", "-m", "horadus.dbcheck")));

        var report = verify(spec, host(container("api", "running", Health.NONE)));

        assertThat(report.failures()).isEqualTo("db: exit 1: cannot connect with password ***");
    }

    private VerificationReport verify(VerifySpec spec, HostState host) {
        return verifier.verify("default/horadus", spec, List.of(), host, new ProbeAccess(TARGET, KEYS));
    }

    /** Answers with {@code status} when the request carries the header, else 401 "no key"; records what came. */
    private void keyed(String path, String header, String key, int status, String body) {
        server.handle(path, exchange -> {
            var sent = exchange.getRequestHeaders().getFirst(header);
            if (sent != null) {
                seen.put(path, sent);
            }
            boolean allowed = key.equals(sent);
            byte[] bytes = (allowed ? body : "no key").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(allowed ? status : 401, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private VerifySpec spec(String healthPath, String metricsPath) {
        var spec = new VerifySpec();
        spec.setHealthUrl(server.url(healthPath));
        spec.setMetricsUrl(metricsPath == null ? null : server.url(metricsPath));
        return spec;
    }

    private static HttpProbeSpec headers(String secret) {
        var http = new HttpProbeSpec();
        http.setHeadersSecretRef(secret);
        return http;
    }

    private ProbeCheckSpec http(String name, String path) {
        return new ProbeCheckSpec(name, new HttpCheckSpec(server.url(path)), null);
    }

    private ProbeCheckSpec body(String name, String contains, String matches) {
        var check = http(name, "/health");
        check.getHttp().setBodyContains(contains);
        check.getHttp().setBodyMatches(matches);
        return check;
    }

    private static ProbeCheckSpec execCheck(String name, String service, String... command) {
        return new ProbeCheckSpec(name, null, new ExecCheckSpec(service, List.of(command)));
    }

    /** Answers every exec with the result given last and records where and what it was asked to run. */
    private static final class FakeExec implements ContainerExec {
        final List<String> calls = new ArrayList<>();
        private ExecResult result = new ExecResult.Exited(0, "", false);

        void answer(ExecResult result) {
            this.result = result;
        }

        @Override
        public ExecResult exec(ComposeTarget target, String containerId, List<String> command, Duration timeout) {
            calls.add(target.project() + " " + containerId + " " + command + " " + timeout.toSeconds() + "s");
            return result;
        }
    }
}

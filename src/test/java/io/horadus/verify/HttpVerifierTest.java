package io.horadus.verify;

import io.horadus.api.MetricRuleSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.ContainerExec;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.ServiceContainer.Health;
import io.horadus.release.port.ServiceContainer;
import io.horadus.release.port.VerificationReport.Check;
import io.horadus.release.port.VerificationReport;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.horadus.verify.Rules.errorRate;
import static io.horadus.verify.Rules.progress;
import static io.horadus.verify.Rules.threshold;
import static org.assertj.core.api.Assertions.assertThat;

class HttpVerifierTest {

    private static final String METRICS = """
            # HELP horadus_build_info Build information.
            # TYPE horadus_build_info gauge
            horadus_build_info{version="v1.2.0"} 1
            """;

    /** These checks run nothing in a container: an exec reaching this fake is a bug. */
    static final ContainerExec NO_EXEC = (target, container, command, timeout) -> {
        throw new AssertionError("no exec check in this test");
    };
    /** A release on the local engine without Secrets. */
    static final ProbeAccess PLAIN = new ProbeAccess(
            new ComposeTarget("unix:///var/run/docker.sock", null, "sample", List.of("compose.yml")), ProbeSecrets.NONE);

    private final LocalHttpServer server = new LocalHttpServer();
    private final HttpVerifier verifier = new HttpVerifier(NO_EXEC);

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void healthyAppPassesEveryCheckInRunbookOrder() {
        server.answer("/health", 200, "ok v1.2.0").answer("/metrics", 200, METRICS);

        VerificationReport report = verifier.verify("default/sample", spec("/health", "/metrics"), List.of("api", "worker"),
                host(container("api", "running", Health.HEALTHY), container("worker", "running", Health.NONE)), PLAIN);

        assertThat(report.passed()).isTrue();
        assertThat(report.checks()).extracting(Check::name).containsExactly("health", "metrics", "service api", "service worker");
        assertThat(report.checks()).extracting(Check::detail).containsExactly("HTTP 200", "HTTP 200", "running, healthy", "running");
    }

    @Test
    void withoutMetricsUrlThereIsNoMetricsCheck() {
        server.answer("/health", 204, "");

        VerificationReport report = verifier.verify("default/sample", spec("/health", null), List.of(), host(), PLAIN);

        assertThat(report.checks()).containsExactly(new Check("health", true, "HTTP 204"));
    }

    @Test
    void healthAnswering503FailsWithStatusAndReason() {
        server.answer("/health", 503, "database unavailable\nstack trace follows");

        Check health = verifier.verify("default/sample", spec("/health", null), List.of(), host(), PLAIN).checks().get(0);

        assertThat(health).isEqualTo(new Check("health", false, "HTTP 503: database unavailable"));
    }

    @Test
    void healthOnAnUnknownPathFailsWith404() {
        Check health = verifier.verify("default/sample", spec("/missing", null), List.of(), host(), PLAIN).checks().get(0);

        assertThat(health.passed()).isFalse();
        assertThat(health.detail()).startsWith("HTTP 404");
    }

    @Test
    void redirectIsNotFollowedAndFails() {
        server.handle("/health", exchange -> {
            exchange.getResponseHeaders().add("Location", server.url("/elsewhere"));
            exchange.sendResponseHeaders(302, -1);
        });

        Check health = verifier.verify("default/sample", spec("/health", null), List.of(), host(), PLAIN).checks().get(0);

        assertThat(health).isEqualTo(new Check("health", false, "HTTP 302"));
    }

    @Test
    void nobodyListeningIsConnectionRefused() throws IOException {
        String url;
        url = "http://127.0.0.1:" + LoopbackPorts.free() + "/health";
        VerifySpec spec = new VerifySpec();
        spec.setHealthUrl(url);

        Check health = verifier.verify("default/sample", spec, List.of(), host(), PLAIN).checks().get(0);

        assertThat(health).isEqualTo(new Check("health", false, "connection refused"));
    }

    @Test
    void aLongPlainAnswerIsCutShortInTheDetail() {
        String reason = "migration pending: " + "x".repeat(5_000);
        server.answer("/health", 500, reason).answer("/metrics", 500, reason);

        VerificationReport report = verifier.verify("default/sample", spec("/health", "/metrics"), List.of(), host(), PLAIN);

        assertThat(report.checks()).allSatisfy(check -> {
            assertThat(check.passed()).isFalse();
            assertThat(check.detail()).startsWith("HTTP 500: migration pending: xxx").endsWith("…")
                    .hasSizeLessThanOrEqualTo(100);
        });
    }

    @Test
    void anErrorPageInMarkupIsLeftOutOfTheDetail() {
        server.answer("/health", 404, "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY>" + "x".repeat(5_000) + "</BODY></HTML>");

        Check health = verifier.verify("default/sample", spec("/health", null), List.of(), host(), PLAIN).checks().get(0);

        assertThat(health).isEqualTo(new Check("health", false, "HTTP 404"));
    }

    @Test
    void aSlowAnswerTimesOut() {
        server.handle("/health", exchange -> sleep(Duration.ofSeconds(3)));
        HttpVerifier impatient = new HttpVerifier(new HttpProbe(Duration.ofMillis(200), Duration.ofMillis(300)), NO_EXEC, Clock.systemUTC());

        long start = System.nanoTime();
        Check health = impatient.verify("default/sample", spec("/health", null), List.of(), host(), PLAIN).checks().get(0);

        assertThat(health).isEqualTo(new Check("health", false, "timed out after 300ms"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aBodyThatNeverEndsTimesOutToo() {
        // Headers arrive at once, so only the overall deadline can stop this one.
        server.handle("/metrics", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write("# HELP trickle\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            sleep(Duration.ofSeconds(3));
        });
        server.answer("/health", 200, "ok");
        HttpVerifier impatient = new HttpVerifier(new HttpProbe(Duration.ofMillis(200), Duration.ofMillis(300)), NO_EXEC, Clock.systemUTC());

        Check metrics = impatient.verify("default/sample", spec("/health", "/metrics"), List.of(), host(), PLAIN).checks().get(1);

        assertThat(metrics).isEqualTo(new Check("metrics", false, "timed out after 300ms"));
    }

    @Test
    void metricsWithoutSamplesFail() {
        server.answer("/health", 200, "ok")
                .answer("/empty", 200, "")
                .answer("/comments", 200, "# HELP x An x.\n# TYPE x gauge\n\n")
                .answer("/html", 200, "<html><body>Welcome</body></html>")
                .answer("/plain", 200, "ok");

        for (String path : List.of("/empty", "/comments", "/html", "/plain")) {
            Check metrics = verifier.verify("default/sample", spec("/health", path), List.of(), host(), PLAIN).checks().get(1);
            assertThat(metrics).as(path).isEqualTo(new Check("metrics", false, "no Prometheus samples"));
        }
    }

    @Test
    void metricsAnsweringAnErrorFailWithItsStatus() {
        server.answer("/health", 200, "ok").answer("/metrics", 500, "");

        Check metrics = verifier.verify("default/sample", spec("/health", "/metrics"), List.of(), host(), PLAIN).checks().get(1);

        assertThat(metrics).isEqualTo(new Check("metrics", false, "HTTP 500"));
    }

    @Test
    void aHugeMetricsPageIsReadOnlyAsFarAsTheLimit() {
        String page = METRICS + "padding_total 1\n".repeat(HttpProbe.BODY_LIMIT / 8);
        server.answer("/health", 200, "ok").answer("/metrics", 200, page);

        Check metrics = verifier.verify("default/sample", spec("/health", "/metrics"), List.of(), host(), PLAIN).checks().get(1);

        assertThat(metrics).isEqualTo(new Check("metrics", true, "HTTP 200"));
    }

    @Test
    void anInvalidUrlFailsWithoutSendingAnything() {
        VerifySpec spec = new VerifySpec();
        spec.setHealthUrl("ftp://127.0.0.1/health");

        Check health = verifier.verify("default/sample", spec, List.of(), host(), PLAIN).checks().get(0);

        assertThat(health).isEqualTo(new Check("health", false, "invalid URL"));
    }

    @Test
    void failuresNameEveryFailedCheck() {
        server.answer("/health", 503, "").answer("/metrics", 200, METRICS);

        VerificationReport report = verifier.verify("default/sample", spec("/health", "/metrics"), List.of("api", "worker", "beat"),
                host(container("api", "running", Health.STARTING), container("worker", "exited", Health.NONE)), PLAIN);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures())
                .isEqualTo("health: HTTP 503; service api: health: starting; service worker: exited; service beat: no container");
    }

    @Test
    void metricRulesComeLastAndReadTheOnePageTheMetricsCheckFetched() {
        AtomicInteger scrapes = new AtomicInteger();
        server.answer("/health", 200, "ok").handle("/metrics", exchange -> {
            scrapes.incrementAndGet();
            byte[] page = ("http_requests_total{status=\"200\"} 1000\nhoradus_budget_used_ratio 0.42\n"
                    + "horadus_items_processed_total 4211\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
        });
        VerifySpec spec = spec("/health", "/metrics");
        spec.setMetrics(List.of(errorRate(0.05), threshold("budget", "horadus_budget_used_ratio", null, 0.9),
                progress("processing", "horadus_items_processed_total", 300)));

        VerificationReport report = verifier.verify("default/sample", spec, List.of("api"), host(container("api", "running", Health.NONE)), PLAIN);

        assertThat(scrapes).hasValue(1);
        assertThat(report.checks()).containsExactly(
                new Check("health", true, "HTTP 200"),
                new Check("metrics", true, "HTTP 200"),
                new Check("service api", true, "running"),
                new Check("error-rate", true, "baseline taken, judged from the next scrape on"),
                new Check("budget", true, "horadus_budget_used_ratio 0.42 <= max 0.9"),
                new Check("processing", true, "horadus_items_processed_total 4211, baseline taken"));
    }

    @Test
    void anErrorRateSpikeBetweenTwoScrapesFailsTheRelease() {
        MovableClock clock = new MovableClock(Instant.parse("2026-03-01T12:00:00Z"));
        HttpVerifier watching = new HttpVerifier(new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5)), NO_EXEC, clock);
        AtomicReference<String> page = new AtomicReference<>("http_requests_total{status=\"200\"} 1000\n");
        server.answer("/health", 200, "ok").handle("/metrics", exchange -> {
            byte[] bytes = page.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        });
        VerifySpec spec = spec("/health", "/metrics");
        spec.setMetrics(List.of(errorRate(0.05)));

        watching.verify("default/sample", spec, List.of(), host(), PLAIN);
        clock.advance(Duration.ofSeconds(10));
        page.set("http_requests_total{status=\"200\"} 1088\nhttp_requests_total{status=\"502\"} 12\n");
        VerificationReport report = watching.verify("default/sample", spec, List.of(), host(), PLAIN);

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).isEqualTo("error-rate: ratio 0.12 > max 0.05 (12 of 100 in the last 10s)");
    }

    @Test
    void metricRulesWithoutAPageFailWithTheMetricsProbesReason() {
        server.answer("/health", 200, "ok").answer("/broken", 500, "").answer("/plain", 200, "ok");
        List<MetricRuleSpec> rules = List.of(threshold("budget", "horadus_budget_used_ratio", null, 0.9));
        VerifySpec noUrl = spec("/health", null);
        noUrl.setMetrics(rules);
        VerifySpec broken = spec("/health", "/broken");
        broken.setMetrics(rules);
        VerifySpec plain = spec("/health", "/plain");
        plain.setMetrics(rules);

        assertThat(verifier.verify("default/sample", noUrl, List.of(), host(), PLAIN).failures())
                .isEqualTo("budget: metrics unavailable: no metricsUrl");
        assertThat(verifier.verify("default/sample", broken, List.of(), host(), PLAIN).failures())
                .isEqualTo("metrics: HTTP 500; budget: metrics unavailable: HTTP 500");
        assertThat(verifier.verify("default/sample", plain, List.of(), host(), PLAIN).failures())
                .isEqualTo("metrics: no Prometheus samples; budget: metrics unavailable: no Prometheus samples");
    }

    @Test
    void aPageLongerThanTheProbeReadsPassesTheMetricsCheckButNoRule() {
        String page = "horadus_budget_used_ratio 0.42\n" + "padding_total 1\n".repeat(HttpProbe.BODY_LIMIT / 8);
        server.answer("/health", 200, "ok").answer("/metrics", 200, page);
        VerifySpec spec = spec("/health", "/metrics");
        spec.setMetrics(List.of(threshold("budget", "horadus_budget_used_ratio", null, 0.9)));

        VerificationReport report = verifier.verify("default/sample", spec, List.of(), host(), PLAIN);

        assertThat(report.checks()).extracting(Check::passed).containsExactly(true, true, false);
        assertThat(report.failures()).isEqualTo("budget: metrics unreadable: page longer than 256 KiB, and rules need all of it");
    }

    private VerifySpec spec(String healthPath, String metricsPath) {
        VerifySpec spec = new VerifySpec();
        spec.setHealthUrl(server.url(healthPath));
        spec.setMetricsUrl(metricsPath == null ? null : server.url(metricsPath));
        return spec;
    }

    static HostState host(ServiceContainer... containers) {
        return new HostState(List.of(containers));
    }

    static ServiceContainer container(String service, String state, Health health) {
        return new ServiceContainer(service, "id-" + service, "hxc_" + service + "_1", "horadus-" + service + ":v1.2.0",
                state, health, false);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

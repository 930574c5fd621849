package io.horadus.verify;

import io.horadus.api.VerifySpec;
import io.horadus.release.HostState;
import io.horadus.release.VerificationReport;
import io.horadus.release.VerificationReport.Check;
import io.horadus.release.Verifier;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Post-deploy verification as the runbook does it by hand: `curl -sSf /health`, `curl /metrics | head`,
 * `compose ps`, then the rollback criteria read off the metrics page (spec.verify.metrics). One
 * attempt per call; waiting and retrying between attempts is the engine's business. Checks come in
 * a fixed order (health, metrics, services as listed, then metric rules as listed) so reports read
 * the same way every attempt. The metrics page is fetched once per attempt and serves both the
 * metrics check and every rule.
 *
 * <p>One instance serves all releases: it remembers each release's counters between attempts for
 * the ratio and progress rules (see {@link CounterMemory}).
 */
public class HttpVerifier implements Verifier {

    /** Keeps a failure detail short: status messages are read in `kubectl get` output. */
    private static final int EXCERPT = 60;

    private final HttpProbe probe;
    private final ServiceStateCheck services = new ServiceStateCheck();
    private final MetricRules rules;

    public HttpVerifier() {
        this(Clock.systemUTC());
    }

    /** @param clock times the progress rules and the ratio rules' windows */
    public HttpVerifier(Clock clock) {
        this(new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5)), clock);
    }

    HttpVerifier(HttpProbe probe) {
        this(probe, Clock.systemUTC());
    }

    HttpVerifier(HttpProbe probe, Clock clock) {
        this.probe = probe;
        this.rules = new MetricRules(new CounterMemory(), clock);
    }

    @Override
    public VerificationReport verify(String release, VerifySpec spec, List<String> serviceNames, HostState host) {
        List<Check> checks = new ArrayList<>();
        checks.add(health(spec.getHealthUrl()));
        String metricsUrl = spec.getMetricsUrl();
        MetricsPage page = new MetricsPage.Unavailable("no metricsUrl");
        if (metricsUrl != null && !metricsUrl.isBlank()) {
            MetricsProbe metrics = metrics(metricsUrl);
            checks.add(metrics.check());
            page = metrics.page();
        }
        for (String service : serviceNames) {
            checks.add(services.check(service, host));
        }
        checks.addAll(rules.checks(release, spec.getMetrics(), page));
        return new VerificationReport(checks);
    }

    private Check health(String url) {
        if (url == null || url.isBlank()) {
            return new Check("health", false, "no health URL");
        }
        ProbeOutcome outcome = probe.get(url);
        if (outcome instanceof ProbeOutcome.Answered a && a.success()) {
            return new Check("health", true, "HTTP " + a.status());
        }
        return new Check("health", false, failure(outcome));
    }

    /**
     * The runbook's `curl /metrics | head`: a 2xx answer with Prometheus samples passes, and is the
     * page the rules read. Whether every line of it reads is the rules' concern.
     */
    private MetricsProbe metrics(String url) {
        ProbeOutcome outcome = probe.get(url);
        if (!(outcome instanceof ProbeOutcome.Answered a && a.success())) {
            return MetricsProbe.failed(failure(outcome));
        }
        Scrape scrape = PrometheusTextParser.parse(a.body());
        if (!scrape.hasSample()) {
            return MetricsProbe.failed("no Prometheus samples");
        }
        return new MetricsProbe(new Check("metrics", true, "HTTP " + a.status()), new MetricsPage.Read(scrape, a.cut()));
    }

    private record MetricsProbe(Check check, MetricsPage page) {
        static MetricsProbe failed(String reason) {
            return new MetricsProbe(new Check("metrics", false, reason), new MetricsPage.Unavailable(reason));
        }
    }

    /** Why a probe failed, in one short line. */
    private static String failure(ProbeOutcome outcome) {
        if (outcome instanceof ProbeOutcome.Unreachable u) {
            return u.reason();
        }
        return statusDetail((ProbeOutcome.Answered) outcome);
    }

    /**
     * "HTTP 503" plus the start of a plain answer, which often says why (e.g. "database unavailable").
     * Markup is left out: a server's or proxy's error page says nothing the status does not.
     */
    private static String statusDetail(ProbeOutcome.Answered answer) {
        String excerpt = OneLine.excerpt(answer.body(), EXCERPT);
        boolean useful = !excerpt.isEmpty() && !excerpt.startsWith("<");
        return useful ? "HTTP " + answer.status() + ": " + excerpt : "HTTP " + answer.status();
    }
}

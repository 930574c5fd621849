package io.horadus.verify;

import io.horadus.api.ProbeCheckSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.ContainerExec;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.SecretMask;
import io.horadus.release.port.VerificationReport.Check;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;

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
    private final ProbeChecks probeChecks;
    private final MetricRules rules;

    /** @param exec runs the exec checks inside the release's containers */
    public HttpVerifier(ContainerExec exec) {
        this(exec, Clock.systemUTC());
    }

    /** @param clock times the progress rules and the ratio rules' windows */
    public HttpVerifier(ContainerExec exec, Clock clock) {
        this(new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5)), exec, clock);
    }

    HttpVerifier(HttpProbe probe, ContainerExec exec, Clock clock) {
        this.probe = probe;
        this.probeChecks = new ProbeChecks(probe, exec);
        this.rules = new MetricRules(new CounterMemory(), clock);
    }

    @Override
    public VerificationReport verify(String release, VerifySpec spec, List<String> serviceNames, HostState host, ProbeAccess access) {
        HttpSettings http = HttpSettings.of(spec.getHttp(), access.secrets());
        List<Check> checks = new ArrayList<>();
        String healthUrl = spec.getHealthUrl();
        boolean namedChecks = spec.getChecks() != null && !spec.getChecks().isEmpty();
        // Without named checks, a missing health URL is a failed check, never a silent pass.
        if (healthUrl != null && !healthUrl.isBlank() || !namedChecks) {
            checks.add(health(healthUrl, http));
        }
        String metricsUrl = spec.getMetricsUrl();
        MetricsPage page = new MetricsPage.Unavailable("no metricsUrl");
        if (metricsUrl != null && !metricsUrl.isBlank()) {
            MetricsProbe metrics = metrics(metricsUrl, http);
            checks.add(metrics.check());
            page = metrics.page();
        }
        for (String service : serviceNames) {
            checks.add(services.check(service, host));
        }
        if (namedChecks) {
            for (ProbeCheckSpec check : spec.getChecks()) {
                checks.add(probeChecks.check(check, http, host, access));
            }
        }
        checks.addAll(rules.checks(release, spec.getMetrics(), page));
        return new VerificationReport(masked(checks, access));
    }

    /**
     * Details with every header value and project secret replaced by ***: an endpoint or a command may
     * echo what it was sent or print its environment.
     */
    private static List<Check> masked(List<Check> checks, ProbeAccess access) {
        var values = new ArrayList<>(access.secrets().maskedValues());
        values.addAll(access.target().secrets().maskedValues());
        if (values.isEmpty()) {
            return checks;
        }
        var mask = SecretMask.of(values);
        return checks.stream().map(c -> new Check(c.name(), c.passed(), mask.apply(c.detail()))).toList();
    }

    private Check health(String url, HttpSettings http) {
        if (url == null || url.isBlank()) {
            return new Check("health", false, "no health URL");
        }
        ProbeOutcome outcome = probe.get(url, http.headers(), http.trust());
        if (outcome instanceof ProbeOutcome.Answered a && a.success()) {
            return new Check("health", true, "HTTP " + a.status());
        }
        return new Check("health", false, failure(outcome));
    }

    /**
     * The runbook's `curl /metrics | head`: a 2xx answer with Prometheus samples passes, and is the
     * page the rules read. Whether every line of it reads is the rules' concern.
     */
    private MetricsProbe metrics(String url, HttpSettings http) {
        ProbeOutcome outcome = probe.get(url, http.headers(), http.trust());
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
    static String statusDetail(ProbeOutcome.Answered answer) {
        String excerpt = OneLine.excerpt(answer.body(), EXCERPT);
        boolean useful = !excerpt.isEmpty() && !excerpt.startsWith("<");
        return useful ? "HTTP " + answer.status() + ": " + excerpt : "HTTP " + answer.status();
    }
}

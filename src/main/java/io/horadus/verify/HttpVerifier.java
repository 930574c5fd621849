package io.horadus.verify;

import io.horadus.api.VerifySpec;
import io.horadus.release.HostState;
import io.horadus.release.VerificationReport;
import io.horadus.release.VerificationReport.Check;
import io.horadus.release.Verifier;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Post-deploy verification as the runbook does it by hand: `curl -sSf /health`, `curl /metrics | head`,
 * `compose ps`. One attempt per call; waiting and retrying between attempts is the engine's business.
 * Checks come in a fixed order (health, metrics, then services as listed) so reports read the same
 * way every attempt.
 */
public class HttpVerifier implements Verifier {

    /** Keeps a failure detail short: status messages are read in `kubectl get` output. */
    private static final int EXCERPT = 60;

    private final HttpProbe probe;
    private final ServiceStateCheck services = new ServiceStateCheck();

    public HttpVerifier() {
        this(new HttpProbe(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    HttpVerifier(HttpProbe probe) {
        this.probe = probe;
    }

    @Override
    public VerificationReport verify(VerifySpec spec, List<String> serviceNames, HostState host) {
        List<Check> checks = new ArrayList<>();
        checks.add(health(spec.getHealthUrl()));
        String metricsUrl = spec.getMetricsUrl();
        if (metricsUrl != null && !metricsUrl.isBlank()) {
            checks.add(metrics(metricsUrl));
        }
        for (String service : serviceNames) {
            checks.add(services.check(service, host));
        }
        return new VerificationReport(checks);
    }

    private Check health(String url) {
        if (url == null || url.isBlank()) {
            return new Check("health", false, "no health URL");
        }
        return get("health", url, body -> true, "");
    }

    private Check metrics(String url) {
        return get("metrics", url, PrometheusText::hasSample, "no Prometheus samples");
    }

    /** A GET that passes on 2xx with an acceptable body; otherwise says why not, in one short line. */
    private Check get(String name, String url, Predicate<String> bodyAccepted, String bodyRejected) {
        ProbeOutcome outcome = probe.get(url);
        if (outcome instanceof ProbeOutcome.Unreachable u) {
            return new Check(name, false, u.reason());
        }
        ProbeOutcome.Answered a = (ProbeOutcome.Answered) outcome;
        if (!a.success()) {
            return new Check(name, false, statusDetail(a));
        }
        if (!bodyAccepted.test(a.body())) {
            return new Check(name, false, bodyRejected);
        }
        return new Check(name, true, "HTTP " + a.status());
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

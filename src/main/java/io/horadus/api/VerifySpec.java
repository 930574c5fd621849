package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** Post-deploy verification: what must answer, and for how long it may still fail. */
@ValidationRule(value = "has(self.healthUrl) || (has(self.checks) && size(self.checks) > 0)",
        message = "verify needs a healthUrl or at least one check")
@ValidationRule(value = "!has(self.checks) || self.checks.all(c, self.checks.exists_one(d, d.name == c.name))",
        message = "each check name may appear only once")
@ValidationRule(value = "!has(self.checks) || self.checks.all(c, c.name != 'health' && c.name != 'metrics')",
        message = "health and metrics are the names of the built-in checks")
@ValidationRule(value = "!has(self.checks) || !has(self.metrics) || self.checks.all(c, !self.metrics.exists(m, m.name == c.name))",
        message = "a check and a metric rule may not share a name")
public class VerifySpec {

    @Pattern(FieldRules.HTTP_URL)
    @Size(max = FieldRules.URL_MAX)
    @JsonPropertyDescription("Health URL, probed from the operator; any 2xx answer passes. Required unless checks are given (an API the operator cannot reach is checked from inside its container instead).")
    private String healthUrl;

    @Pattern(FieldRules.HTTP_URL)
    @Size(max = FieldRules.URL_MAX)
    @JsonPropertyDescription("Metrics URL, probed from the operator; passes on a 2xx answer with non-empty Prometheus text. Optional.")
    private String metricsUrl;

    @JsonPropertyDescription("How the HTTP probes are sent (healthUrl, metricsUrl, http checks): headers from a Secret, the CA to trust, or no verification at all.")
    private HttpProbeSpec http;

    @Default("[]")
    @Size(max = FieldRules.PROBE_CHECKS_MAX)
    @JsonPropertyDescription("Named checks besides health and metrics, each an http probe or an exec probe inside a service's container; every one must pass, like the health check.")
    private List<ProbeCheckSpec> checks = new ArrayList<>();

    @Default("[]")
    @Size(max = FieldRules.METRIC_RULES_MAX)
    @JsonPropertyDescription("Rules over the metrics scraped from metricsUrl (which they require): threshold, ratio or progress. Each is a named check.")
    private List<MetricRuleSpec> metrics = new ArrayList<>();

    @Default("10")
    @Min(FieldRules.INTERVAL_MIN)
    @Max(FieldRules.INTERVAL_MAX)
    @JsonPropertyDescription("Seconds between check rounds once the release answered, while watching it (Flagger: 60 s; Kamal polls every 1 s).")
    private int intervalSeconds = 10;

    @Default("60")
    @Min(FieldRules.TIMEOUT_MIN)
    @Max(FieldRules.TIMEOUT_MAX)
    @JsonPropertyDescription("Seconds after the rollout within which every check must pass once (Kamal: 30 s); otherwise the release is rolled back, or fails when there is no last good tag.")
    private int timeoutSeconds = 60;

    @Default("3")
    @Min(FieldRules.FAILURE_THRESHOLD_MIN)
    @Max(FieldRules.FAILURE_THRESHOLD_MAX)
    @JsonPropertyDescription("Consecutive failed rounds that mean health stays failed and the release is rolled back; fewer are recorded and forgiven.")
    private int failureThreshold = 3;

    @Default("300")
    @Min(FieldRules.WATCH_MIN)
    @Max(FieldRules.WATCH_MAX)
    @JsonPropertyDescription("Seconds after the rollout that the release stays on probation (Helm --atomic: 5 min): it becomes the last good tag only when they pass without a rollback. Checks go on after the window too.")
    private int watchSeconds = 300;

    public String getHealthUrl() { return healthUrl; }
    public void setHealthUrl(String healthUrl) { this.healthUrl = healthUrl; }
    public String getMetricsUrl() { return metricsUrl; }
    public void setMetricsUrl(String metricsUrl) { this.metricsUrl = metricsUrl; }
    @Default("Reconverge")
    @JsonPropertyDescription("While watching: containers that no longer run the release's images (compose run by hand, a container removed, a container left exited by a Docker engine restart) are reported with the Drifted condition and, with Reconverge, started again from the release's images (up -d --no-build); Report only reports. Such a round is not counted toward a rollback, unless a service stops again on its own after it was started.")
    private DriftPolicy onDrift = DriftPolicy.Reconverge;

    public DriftPolicy getOnDrift() { return onDrift; }
    public void setOnDrift(DriftPolicy onDrift) { this.onDrift = onDrift; }
    public HttpProbeSpec getHttp() { return http; }
    public void setHttp(HttpProbeSpec http) { this.http = http; }
    public List<ProbeCheckSpec> getChecks() { return checks; }
    public void setChecks(List<ProbeCheckSpec> checks) { this.checks = checks; }
    public List<MetricRuleSpec> getMetrics() { return metrics; }
    public void setMetrics(List<MetricRuleSpec> metrics) { this.metrics = metrics; }
    public int getFailureThreshold() { return failureThreshold; }
    public void setFailureThreshold(int failureThreshold) { this.failureThreshold = failureThreshold; }
    public int getWatchSeconds() { return watchSeconds; }
    public void setWatchSeconds(int watchSeconds) { this.watchSeconds = watchSeconds; }
    public int getIntervalSeconds() { return intervalSeconds; }
    public void setIntervalSeconds(int intervalSeconds) { this.intervalSeconds = intervalSeconds; }
    public int getTimeoutSeconds() { return timeoutSeconds; }
    public void setTimeoutSeconds(int timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Post-deploy verification: what must answer, and for how long it may still fail. */
public class VerifySpec {

    @Required
    @Pattern("^https?://.+")
    @JsonPropertyDescription("Health URL, probed from the operator; any 2xx answer passes.")
    private String healthUrl;

    @Pattern("^https?://.+")
    @JsonPropertyDescription("Metrics URL, probed from the operator; passes on a 2xx answer with non-empty Prometheus text. Optional.")
    private String metricsUrl;

    @Default("2")
    @Min(1)
    @Max(300)
    @JsonPropertyDescription("Seconds between verification attempts.")
    private int intervalSeconds = 2;

    @Default("60")
    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds after the rollout within which verification must pass; then the release fails with Ready=False.")
    private int timeoutSeconds = 60;

    public String getHealthUrl() { return healthUrl; }
    public void setHealthUrl(String healthUrl) { this.healthUrl = healthUrl; }
    public String getMetricsUrl() { return metricsUrl; }
    public void setMetricsUrl(String metricsUrl) { this.metricsUrl = metricsUrl; }
    public int getIntervalSeconds() { return intervalSeconds; }
    public void setIntervalSeconds(int intervalSeconds) { this.intervalSeconds = intervalSeconds; }
    public int getTimeoutSeconds() { return timeoutSeconds; }
    public void setTimeoutSeconds(int timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * The watch over a released version. Written when a round's outcome differs from the last written
 * one (pass to fail, one more consecutive failure, recovery), not on every passing round.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WatchStatus {

    @JsonPropertyDescription("The tag being watched (the one the host runs).")
    private String tag;

    @JsonPropertyDescription("When the watch began: the rollout of this tag (RFC 3339).")
    private String since;

    @JsonPropertyDescription("Time of the round that last changed this record (RFC 3339).")
    private String lastCheckTime;

    @JsonPropertyDescription("Failed rounds in a row; verify.failureThreshold of them roll the release back.")
    private Integer consecutiveFailures;

    @JsonPropertyDescription("Failed rounds since the watch began, recovered ones included (flapping shows here).")
    private Integer failedRounds;

    @JsonPropertyDescription("Rounds in a row that found services stopped on this tag's images (exited, e.g. after the Docker"
            + " engine restarted) and started them again, with no passing round since; absent when none. The first such round"
            + " is not counted as a failed round, the later ones are: a service that stops again on its own is the release failing.")
    private Integer startedAgain;

    @Size(max = FieldRules.CHECKS_MAX)
    @JsonPropertyDescription("The checks that failed in the last failed round, with their values.")
    private List<CheckResult> failedChecks = new ArrayList<>();

    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getSince() { return since; }
    public void setSince(String since) { this.since = since; }
    public String getLastCheckTime() { return lastCheckTime; }
    public void setLastCheckTime(String lastCheckTime) { this.lastCheckTime = lastCheckTime; }
    public Integer getConsecutiveFailures() { return consecutiveFailures; }
    public void setConsecutiveFailures(Integer consecutiveFailures) { this.consecutiveFailures = consecutiveFailures; }
    public Integer getFailedRounds() { return failedRounds; }
    public void setFailedRounds(Integer failedRounds) { this.failedRounds = failedRounds; }
    public Integer getStartedAgain() { return startedAgain; }
    public void setStartedAgain(Integer startedAgain) { this.startedAgain = startedAgain; }
    public List<CheckResult> getFailedChecks() { return failedChecks; }
    public void setFailedChecks(List<CheckResult> failedChecks) { this.failedChecks = failedChecks; }
}

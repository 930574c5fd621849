package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did. Fields are never removed once set, so merge patches stay exact. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HoradusReleaseStatus {

    @JsonPropertyDescription("The metadata.generation this status was computed for.")
    private Long observedGeneration;

    @PrinterColumn(name = "Phase", priority = 0)
    @JsonPropertyDescription("One word for where the release stands: Pending, Resolving, AwaitingUpstream (spec.promotion: waiting for the upstream releases), Gating, AwaitingApproval, Building, Migrating, RollingOut, Verifying, Ready, RollingBack, RolledBack, Failed, Suspended.")
    private Phase phase;

    @PrinterColumn(name = "Desired")
    @JsonPropertyDescription("The tag the spec asks for, as last seen by the operator.")
    private String desiredTag;

    @PrinterColumn(name = "Current")
    @JsonPropertyDescription("The tag the host runs now (set when the rollout's up succeeded).")
    private String currentTag;

    @PrinterColumn(name = "Last Good")
    @JsonPropertyDescription("The last tag that passed verification and its watch window (verify.watchSeconds) without a rollback: what a rollback returns to.")
    private String lastGoodTag;

    @JsonPropertyDescription("Commit of currentTag.")
    private String currentCommit;

    @JsonPropertyDescription("Commit of lastGoodTag.")
    private String lastGoodCommit;

    @JsonPropertyDescription("The release in progress, or the last one attempted.")
    private ReleaseProgress release;

    @JsonPropertyDescription("The watch over the version the host runs: consecutive and total failed rounds, the failed checks.")
    private WatchStatus watch;

    @JsonPropertyDescription("The last rollback: its progress, then the incident (failed checks, from which tag to which, whether the database had migrated).")
    private RollbackRecord rollback;

    @JsonPropertyDescription("The last value of the horadus.io/retry annotation acted on: a new value retries a failed or rolled-back tag once.")
    private String retryToken;

    @JsonPropertyDescription("The token of the last person's rollback request acted on, served or refused (the horadus.io/rollback annotation's value on a cluster): each request is acted on once.")
    private String rollbackToken;

    @io.fabric8.generator.annotation.Size(max = FieldRules.KEEP_MAX)
    @JsonPropertyDescription("Good releases, newest first, whose images the operator keeps for a rollback (spec.rollback.keep of them).")
    private List<GoodRelease> goodReleases = new ArrayList<>();

    @JsonPropertyDescription("The last compose command the operator ran on the host, with its exit code and the last lines of its output.")
    private CommandRecord lastCommand;

    @JsonPropertyDescription("Finished releases, newest first (at most 10).")
    private List<HistoryEntry> history = new ArrayList<>();
    @JsonPropertyDescription("Stages (spec.promotion): the chain of releases a tag goes through, each upstream's verdict at the last check, and the tags rolled back along the chain.")
    private PromotionStatus promotion;

    public PromotionStatus getPromotion() { return promotion; }
    public void setPromotion(PromotionStatus promotion) { this.promotion = promotion; }

    @JsonPropertyDescription("Ready, Reconciling and Stalled (kstatus), and step conditions: SourceReady, Built, Migrated, RolledOut, Healthy, RolledBack.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    public Phase getPhase() { return phase; }
    public void setPhase(Phase phase) { this.phase = phase; }
    public String getDesiredTag() { return desiredTag; }
    public void setDesiredTag(String desiredTag) { this.desiredTag = desiredTag; }
    public String getCurrentTag() { return currentTag; }
    public void setCurrentTag(String currentTag) { this.currentTag = currentTag; }
    public String getLastGoodTag() { return lastGoodTag; }
    public void setLastGoodTag(String lastGoodTag) { this.lastGoodTag = lastGoodTag; }
    public String getCurrentCommit() { return currentCommit; }
    public void setCurrentCommit(String currentCommit) { this.currentCommit = currentCommit; }
    public String getLastGoodCommit() { return lastGoodCommit; }
    public void setLastGoodCommit(String lastGoodCommit) { this.lastGoodCommit = lastGoodCommit; }
    public ReleaseProgress getRelease() { return release; }
    public void setRelease(ReleaseProgress release) { this.release = release; }
    public String getRetryToken() { return retryToken; }
    public void setRetryToken(String retryToken) { this.retryToken = retryToken; }
    public String getRollbackToken() { return rollbackToken; }
    public void setRollbackToken(String rollbackToken) { this.rollbackToken = rollbackToken; }
    public WatchStatus getWatch() { return watch; }
    public void setWatch(WatchStatus watch) { this.watch = watch; }
    public RollbackRecord getRollback() { return rollback; }
    public void setRollback(RollbackRecord rollback) { this.rollback = rollback; }
    public List<GoodRelease> getGoodReleases() { return goodReleases; }
    public void setGoodReleases(List<GoodRelease> goodReleases) { this.goodReleases = goodReleases; }
    public CommandRecord getLastCommand() { return lastCommand; }
    public void setLastCommand(CommandRecord lastCommand) { this.lastCommand = lastCommand; }
    public List<HistoryEntry> getHistory() { return history; }
    public void setHistory(List<HistoryEntry> history) { this.history = history; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}

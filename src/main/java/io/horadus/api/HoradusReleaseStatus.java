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
    @JsonPropertyDescription("One word for where the release stands: Pending, Resolving, Building, Migrating, RollingOut, Verifying, Ready, Failed, Suspended (and, with later features, Gating, AwaitingApproval, RollingBack, RolledBack).")
    private Phase phase;

    @PrinterColumn(name = "Desired")
    @JsonPropertyDescription("The tag the spec asks for, as last seen by the operator.")
    private String desiredTag;

    @PrinterColumn(name = "Current")
    @JsonPropertyDescription("The tag the host runs now (set when the rollout's up succeeded).")
    private String currentTag;

    @PrinterColumn(name = "Last Good")
    @JsonPropertyDescription("The last tag that passed post-deploy verification.")
    private String lastGoodTag;

    @JsonPropertyDescription("Commit of currentTag.")
    private String currentCommit;

    @JsonPropertyDescription("Commit of lastGoodTag.")
    private String lastGoodCommit;

    @JsonPropertyDescription("The release in progress, or the last one attempted.")
    private ReleaseProgress release;

    @JsonPropertyDescription("The last compose command the operator ran on the host, with its exit code and the last lines of its output.")
    private CommandRecord lastCommand;

    @JsonPropertyDescription("Finished releases, newest first (at most 10).")
    private List<HistoryEntry> history = new ArrayList<>();

    @JsonPropertyDescription("Ready, Reconciling and Stalled (kstatus), and step conditions: SourceReady, Built, Migrated, RolledOut, Healthy.")
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
    public CommandRecord getLastCommand() { return lastCommand; }
    public void setLastCommand(CommandRecord lastCommand) { this.lastCommand = lastCommand; }
    public List<HistoryEntry> getHistory() { return history; }
    public void setHistory(List<HistoryEntry> history) { this.history = history; }
    public List<Condition> getConditions() { return conditions; }
    public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
}

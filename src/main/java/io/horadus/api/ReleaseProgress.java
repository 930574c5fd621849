package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The release in flight: enough to resume it after a restart, in whichever step it was. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ReleaseProgress {

    @JsonPropertyDescription("Tag being released.")
    private String tag;

    @JsonPropertyDescription("Commit the tag resolved to (empty until the source step passed).")
    private String commit;

    @JsonPropertyDescription("Current step: Resolve, Gate, Approve, Build, Migrate, RollOut, Verify, Done, or RollBack.")
    private Step step;

    @JsonPropertyDescription("Pending (not begun), Started (intent recorded, the host may be acting) or Failed.")
    private StepState stepState;

    @JsonPropertyDescription("Attempt number of this release; a spec change after a failure starts the next attempt.")
    private Integer attempt;

    @JsonPropertyDescription("The metadata.generation that started this attempt.")
    private Long generation;

    @JsonPropertyDescription("When the release started (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When the current step started (RFC 3339).")
    private String stepStartedAt;

    @JsonPropertyDescription("Name of this attempt's migration run on the host (container name and label value).")
    private String migrationRun;

    @JsonPropertyDescription("Exit code of this attempt's migration run, recorded before the operator removes its container.")
    private Integer migrationExitCode;

    @JsonPropertyDescription("When the rollout's up succeeded (RFC 3339): the watch window counts from here.")
    private String rolledOutAt;

    @JsonPropertyDescription("When verification first passed (RFC 3339).")
    private String verifiedAt;

    @JsonPropertyDescription("The release notes found for this tag (set when the source step passed).")
    private ReleaseNotes notes;

    @io.fabric8.generator.annotation.Size(max = FieldRules.GATES_MAX)
    @JsonPropertyDescription("The gates of this release in spec order, as far as they ran: result, exit code, duration, output tail.")
    private java.util.List<GateRecord> gates = new java.util.ArrayList<>();

    @io.fabric8.generator.annotation.Size(max = FieldRules.SERVICES_MAX)
    @JsonPropertyDescription("The images this release's services run, kept as snapshots once verification passed.")
    private java.util.List<ImageSnapshot> images = new java.util.ArrayList<>();

    public java.util.List<GateRecord> getGates() { return gates; }
    public void setGates(java.util.List<GateRecord> gates) { this.gates = gates; }
    @JsonPropertyDescription("The reviewer's approval of this release, when spec.approval requires one, and stale approvals ignored.")
    private ApprovalRecord approval;

    public ApprovalRecord getApproval() { return approval; }
    public void setApproval(ApprovalRecord approval) { this.approval = approval; }
    public ReleaseNotes getNotes() { return notes; }
    public void setNotes(ReleaseNotes notes) { this.notes = notes; }
    public String getRolledOutAt() { return rolledOutAt; }
    public void setRolledOutAt(String rolledOutAt) { this.rolledOutAt = rolledOutAt; }
    public String getVerifiedAt() { return verifiedAt; }
    public void setVerifiedAt(String verifiedAt) { this.verifiedAt = verifiedAt; }
    public java.util.List<ImageSnapshot> getImages() { return images; }
    public void setImages(java.util.List<ImageSnapshot> images) { this.images = images; }
    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getCommit() { return commit; }
    public void setCommit(String commit) { this.commit = commit; }
    public Step getStep() { return step; }
    public void setStep(Step step) { this.step = step; }
    public StepState getStepState() { return stepState; }
    public void setStepState(StepState stepState) { this.stepState = stepState; }
    public Integer getAttempt() { return attempt; }
    public void setAttempt(Integer attempt) { this.attempt = attempt; }
    public Long getGeneration() { return generation; }
    public void setGeneration(Long generation) { this.generation = generation; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
    public String getStepStartedAt() { return stepStartedAt; }
    public void setStepStartedAt(String stepStartedAt) { this.stepStartedAt = stepStartedAt; }
    public String getMigrationRun() { return migrationRun; }
    public void setMigrationRun(String migrationRun) { this.migrationRun = migrationRun; }
    public Integer getMigrationExitCode() { return migrationExitCode; }
    public void setMigrationExitCode(Integer migrationExitCode) { this.migrationExitCode = migrationExitCode; }
}

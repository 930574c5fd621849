package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * The last rollback: its progress while it runs (so a restarted operator resumes it) and, once done,
 * the incident a person reads: which checks failed, from which tag to which, whether the failed
 * release had migrated the database.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackRecord {

    @JsonPropertyDescription("The token of the person's request that asked for this rollback (status.rollbackToken); absent when failed checks started it.")
    private String requestToken;

    @JsonPropertyDescription("The release that failed its checks, or that the host ran when a person asked for the rollback.")
    private String fromTag;

    @JsonPropertyDescription("Commit of fromTag.")
    private String fromCommit;

    @JsonPropertyDescription("The last good release put back, or the kept release a person asked for.")
    private String toTag;

    @JsonPropertyDescription("Commit of toTag.")
    private String toCommit;

    @JsonPropertyDescription("Restoring, Verifying, RolledBack or Failed.")
    private RollbackState state;

    @JsonPropertyDescription("Snapshots (the kept images, no build) or Rebuild (a build from a checkout of toTag, when the snapshots were gone).")
    private String restoredFrom;

    @JsonPropertyDescription("Whether fromTag's migration had run: the database may hold its schema, which toTag must tolerate (no down-migration is run).")
    private Boolean migrated;

    @JsonPropertyDescription("When the checks were judged to stay failed (RFC 3339).")
    private String detectedAt;

    @JsonPropertyDescription("When the current rollback stage began (RFC 3339).")
    private String stateSince;

    @JsonPropertyDescription("When the rollback ended (RFC 3339).")
    private String finishedAt;

    @JsonPropertyDescription("Why the rollback failed, when it did.")
    private String message;

    @JsonPropertyDescription("The upstream's rollback this one followed (spec.promotion.onUpstreamRollback: RollBack), in words; absent when this release's own checks failed or a person asked.")
    private String upstream;

    public String getUpstream() { return upstream; }
    public void setUpstream(String upstream) { this.upstream = upstream; }

    @Size(max = FieldRules.CHECKS_MAX)
    @JsonPropertyDescription("The checks that failed, with their values and times.")
    private List<CheckResult> failedChecks = new ArrayList<>();

    @JsonPropertyDescription("The container name of the down-migration run, once it was decided (spec.rollback.downMigration).")
    private String downMigrationRun;

    @JsonPropertyDescription("The down-migration's exit code, once it exited.")
    private Integer downMigrationExitCode;

    public String getRequestToken() { return requestToken; }
    public void setRequestToken(String requestToken) { this.requestToken = requestToken; }
    public String getDownMigrationRun() { return downMigrationRun; }
    public void setDownMigrationRun(String downMigrationRun) { this.downMigrationRun = downMigrationRun; }
    public Integer getDownMigrationExitCode() { return downMigrationExitCode; }
    public void setDownMigrationExitCode(Integer downMigrationExitCode) { this.downMigrationExitCode = downMigrationExitCode; }
    public String getFromTag() { return fromTag; }
    public void setFromTag(String fromTag) { this.fromTag = fromTag; }
    public String getFromCommit() { return fromCommit; }
    public void setFromCommit(String fromCommit) { this.fromCommit = fromCommit; }
    public String getToTag() { return toTag; }
    public void setToTag(String toTag) { this.toTag = toTag; }
    public String getToCommit() { return toCommit; }
    public void setToCommit(String toCommit) { this.toCommit = toCommit; }
    public RollbackState getState() { return state; }
    public void setState(RollbackState state) { this.state = state; }
    public String getRestoredFrom() { return restoredFrom; }
    public void setRestoredFrom(String restoredFrom) { this.restoredFrom = restoredFrom; }
    public Boolean getMigrated() { return migrated; }
    public void setMigrated(Boolean migrated) { this.migrated = migrated; }
    public String getDetectedAt() { return detectedAt; }
    public void setDetectedAt(String detectedAt) { this.detectedAt = detectedAt; }
    public String getStateSince() { return stateSince; }
    public void setStateSince(String stateSince) { this.stateSince = stateSince; }
    public String getFinishedAt() { return finishedAt; }
    public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public List<CheckResult> getFailedChecks() { return failedChecks; }
    public void setFailedChecks(List<CheckResult> failedChecks) { this.failedChecks = failedChecks; }
}

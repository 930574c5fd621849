package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** What the Approve step found: the approval used (who, which object, when) and the stale ones it ignored. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ApprovalRecord {

    @JsonPropertyDescription("The HoradusApproval that approved this release (empty while waiting).")
    private String name;

    @JsonPropertyDescription("Its spec.reviewer, as the reviewer wrote it.")
    private String reviewer;

    @JsonPropertyDescription("When it was created (RFC 3339).")
    private String approvedAt;

    @io.fabric8.generator.annotation.Size(max = FieldRules.STALE_APPROVALS_MAX)
    @JsonPropertyDescription("Approvals of this release naming another tag or commit, newest first (at most 5): ignored.")
    private List<StaleApproval> stale = new ArrayList<>();

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getReviewer() { return reviewer; }
    public void setReviewer(String reviewer) { this.reviewer = reviewer; }
    public String getApprovedAt() { return approvedAt; }
    public void setApprovedAt(String approvedAt) { this.approvedAt = approvedAt; }
    public List<StaleApproval> getStale() { return stale; }
    public void setStale(List<StaleApproval> stale) { this.stale = stale; }
}

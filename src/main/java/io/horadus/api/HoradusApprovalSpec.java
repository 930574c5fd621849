package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What a reviewer approves: one release's tag at one commit. Immutable, so an approval can never be
 * moved onto another tag or commit: a moved tag needs a new approval.
 */
@ValidationRule(value = "self == oldSelf",
        message = "spec is immutable: an approval names one tag at one commit; create a new HoradusApproval instead")
public class HoradusApprovalSpec {

    @Required
    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Name of the HoradusRelease approved, in the same namespace.")
    private String release;

    @Required
    @Pattern(FieldRules.TAG)
    @Size(max = FieldRules.TAG_MAX)
    @JsonPropertyDescription("The tag approved, vMAJOR.MINOR.PATCH: the release's spec.tag.")
    private String tag;

    @Required
    @Pattern(FieldRules.COMMIT)
    @Size(max = FieldRules.COMMIT_LENGTH)
    @JsonPropertyDescription("The full commit (40 lowercase hex digits) the tag resolved to, as status.release.commit shows it. An approval of another commit is stale and ignored.")
    private String commit;

    @Size(max = FieldRules.REVIEWER_MAX)
    @JsonPropertyDescription("Who approved, free text (shown in the release's status and Event). Optional; not verified by the operator: RBAC decides who may create approvals.")
    private String reviewer;

    @Size(max = FieldRules.COMMENT_MAX)
    @JsonPropertyDescription("Optional note of the reviewer, at most 1024 characters.")
    private String comment;

    public String getRelease() { return release; }
    public void setRelease(String release) { this.release = release; }
    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getCommit() { return commit; }
    public void setCommit(String commit) { this.commit = commit; }
    public String getReviewer() { return reviewer; }
    public void setReviewer(String reviewer) { this.reviewer = reviewer; }
    public String getComment() { return comment; }
    public void setComment(String comment) { this.comment = comment; }
}

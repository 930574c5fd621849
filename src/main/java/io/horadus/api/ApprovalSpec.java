package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The runbook's reviewer: whether a release waits for a HoradusApproval before anything is built. */
public class ApprovalSpec {

    @Default("Never")
    @JsonPropertyDescription("Never (the default), Always, or MajorBump (only when the tag's MAJOR version is greater than status.currentTag's; a first release is no bump). A release that requires approval waits in phase AwaitingApproval, before the build, until a HoradusApproval names this release, its tag and the tag's commit.")
    private ApprovalRequirement required = ApprovalRequirement.Never;

    public ApprovalRequirement getRequired() { return required; }
    public void setRequired(ApprovalRequirement required) { this.required = required; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** What the release driver asks for. */
@io.fabric8.generator.annotation.ValidationRule(value = "has(self.tag) || (has(self.promotion) && self.promotion.auto)",
        message = "spec.tag is required, unless spec.promotion.auto chooses the tag")
@io.fabric8.generator.annotation.ValidationRule(value = "!has(self.tag) || !has(self.promotion) || !self.promotion.auto",
        message = "spec.tag must be left out when spec.promotion.auto is true: the tag follows the upstream's last good tag")
public class HoradusReleaseSpec {

    @Pattern(FieldRules.TAG)
    @Size(max = FieldRules.TAG_MAX)
    @JsonPropertyDescription("Desired release tag, vMAJOR.MINOR.PATCH. It must be an annotated tag in the git source whose commit is reachable from the release branch. Required, unless spec.promotion.auto chooses the tag (then it must be left out).")
    private String tag;

    @Default("false")
    @JsonPropertyDescription("When true the operator stops acting on the host (at the next step boundary) and keeps reporting status.")
    private boolean suspend = false;

    @Required
    @JsonPropertyDescription("The git repository that holds the release tags and the compose files.")
    private SourceSpec source;

    @Required
    @JsonPropertyDescription("The Docker host the release is rolled out to and the compose project on it.")
    private TargetSpec target;

    @Default("{}")
    @JsonPropertyDescription("The runbook's rollout: services to build, the migration to run, services to start.")
    private RolloutSpec rollout = new RolloutSpec();

    @Required
    @JsonPropertyDescription("Post-deploy verification: endpoints that must answer and how long they may take.")
    private VerifySpec verify;

    @Default("{}")
    @JsonPropertyDescription("Rollback to the last good tag when verification checks stay failed, and how many good releases' images to keep.")
    private RollbackSpec rollback = new RollbackSpec();

    @Default("{}")
    @JsonPropertyDescription("The runbook's release notes: required by default, from the annotated tag's message body or a changelog section.")
    private ReleaseNotesSpec releaseNotes = new ReleaseNotesSpec();

    @Default("[]")
    @Size(max = FieldRules.GATES_MAX)
    @io.fabric8.generator.annotation.ValidationRule(value = "self.all(g, self.exists_one(h, h.name == g.name))", message = "each gate name may appear only once")
    @JsonPropertyDescription("The runbook's pre-release checklist: commands run in order in one-off containers on the Docker host, after the release notes and before approval and the build; a failing gate stops the release. At most 16.")
    private java.util.List<GateSpec> gates = new java.util.ArrayList<>();

    @Default("{}")
    @JsonPropertyDescription("Which version changes are allowed: by default a tag older than the one the host runs is refused.")
    private VersionPolicySpec versionPolicy = new VersionPolicySpec();

    public java.util.List<GateSpec> getGates() { return gates; }
    public void setGates(java.util.List<GateSpec> gates) { this.gates = gates; }
    @Default("{}")
    @JsonPropertyDescription("The runbook's reviewer: whether a release waits for a HoradusApproval of its tag and commit before the build (never, by default).")
    private ApprovalSpec approval = new ApprovalSpec();

    @JsonPropertyDescription("Who is told when this release is released, rolled back, fails a gate or a step, or waits for a reviewer (none by default; the operator's horadus.notify.secret adds a webhook for every release).")
    private NotifySpec notify;

    @JsonPropertyDescription("Stages: the upstream releases (in this namespace) that must have released, verified and soaked a tag's commit before it may be released here; none by default.")
    private PromotionSpec promotion;

    public PromotionSpec getPromotion() { return promotion; }
    public void setPromotion(PromotionSpec promotion) { this.promotion = promotion; }

    public NotifySpec getNotify() { return notify; }
    public void setNotify(NotifySpec notify) { this.notify = notify; }

    public ApprovalSpec getApproval() { return approval; }
    public void setApproval(ApprovalSpec approval) { this.approval = approval; }

    public ReleaseNotesSpec getReleaseNotes() { return releaseNotes; }
    public void setReleaseNotes(ReleaseNotesSpec releaseNotes) { this.releaseNotes = releaseNotes; }
    public VersionPolicySpec getVersionPolicy() { return versionPolicy; }
    public void setVersionPolicy(VersionPolicySpec versionPolicy) { this.versionPolicy = versionPolicy; }
    public RollbackSpec getRollback() { return rollback; }
    public void setRollback(RollbackSpec rollback) { this.rollback = rollback; }
    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public boolean isSuspend() { return suspend; }
    public void setSuspend(boolean suspend) { this.suspend = suspend; }
    public SourceSpec getSource() { return source; }
    public void setSource(SourceSpec source) { this.source = source; }
    public TargetSpec getTarget() { return target; }
    public void setTarget(TargetSpec target) { this.target = target; }
    public RolloutSpec getRollout() { return rollout; }
    public void setRollout(RolloutSpec rollout) { this.rollout = rollout; }
    public VerifySpec getVerify() { return verify; }
    public void setVerify(VerifySpec verify) { this.verify = verify; }

    /**
     * The same spec asking for {@code tag}: a shallow copy, as spec.promotion.auto's choice is handed to the
     * engine. The parts are shared, never changed.
     */
    public HoradusReleaseSpec withTag(String tag) {
        var copy = new HoradusReleaseSpec();
        copy.tag = tag;
        copy.suspend = suspend;
        copy.source = source;
        copy.target = target;
        copy.rollout = rollout;
        copy.verify = verify;
        copy.rollback = rollback;
        copy.releaseNotes = releaseNotes;
        copy.gates = gates;
        copy.versionPolicy = versionPolicy;
        copy.approval = approval;
        copy.notify = notify;
        copy.promotion = promotion;
        return copy;
    }
}

package io.horadus.release.steps;

import io.horadus.api.ApprovalRecord;
import io.horadus.api.FieldRules;
import io.horadus.api.Reason;
import io.horadus.api.StaleApproval;
import io.horadus.api.Step;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.Timestamps;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.ApprovalPolicy;
import io.horadus.release.approval.Approvals;
import io.horadus.release.port.ApprovalSource;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The runbook's reviewer. Expects the resolved commit (and passed gates); changes nothing on the host.
 * When spec.approval requires it, the release waits (phase AwaitingApproval, a requeue every
 * {@code poll}, never Stalled) until a HoradusApproval names this release's tag AND the commit it
 * resolved to; an approval of another tag or commit is stale: ignored, and named in status. A release
 * that requires none passes this step in the reconcile that reached it.
 */
public final class ApproveStep implements ReleaseStep {


    private final ApprovalSource approvals;
    private final Duration poll;

    /**
     * @param approvals where reviewers' approvals are kept, asked only by a release that requires one
     * @param poll      how often a waiting release looks for its approval again
     */
    public ApproveStep(ApprovalSource approvals, Duration poll) {
        this.approvals = approvals;
        this.poll = poll;
    }

    @Override
    public Step step() {
        return Step.Approve;
    }

    @Override
    public Optional<StepResult.Done> notNeeded(StepContext context) {
        var approval = context.request().spec().getApproval();
        var current = context.status().getCurrentTag();
        if (ApprovalPolicy.required(approval, context.release().getTag(), current)) {
            return Optional.empty();
        }
        var required = approval == null || approval.getRequired() == null ? "Never" : approval.getRequired().name();
        var why = "Never".equals(required) ? "spec.approval.required is Never"
                : current == null ? "spec.approval.required is MajorBump and this is the first release"
                : "spec.approval.required is MajorBump and " + context.release().getTag() + " is no major bump from " + current;
        return Optional.of(new StepResult.Done(Reason.ApprovalNotRequired, why, Optional.empty()));
    }

    @Override
    public StepResult run(StepContext context) {
        var release = context.release();
        var tag = release.getTag();
        var commit = release.getCommit();
        var request = context.request();
        var found = approvals.approvals(request.namespace(), request.name());
        if (found instanceof Approvals.KindMissing missing) {
            return new StepResult.Wait(poll, Reason.ApprovalKindMissing, tag + " requires approval (spec.approval.required: "
                    + request.spec().getApproval().getRequired() + "), but " + missing.explanation() + ". Nothing runs until an approval is given");
        }
        var list = (Approvals.Found) found;
        var matching = list.approvals().stream()
                .filter(a -> tag.equals(a.tag()) && Objects.equals(commit, a.commit()))
                .min(Comparator.comparing(Approval::createdAt).thenComparing(Approval::name));
        var stale = list.approvals().stream()
                .filter(a -> !(tag.equals(a.tag()) && Objects.equals(commit, a.commit())))
                .sorted(Comparator.comparing(Approval::createdAt).reversed().thenComparing(Approval::name))
                .limit(FieldRules.STALE_APPROVALS_MAX)
                .toList();
        var record = new ApprovalRecord();
        record.setStale(stale.stream().map(a -> new StaleApproval(a.name(), a.tag(), a.commit())).toList());
        release.setApproval(record);
        if (matching.isPresent()) {
            var approval = matching.get();
            record.setName(approval.name());
            record.setReviewer(approval.reviewer());
            record.setApprovedAt(Timestamps.format(approval.createdAt()));
            return new StepResult.Done(Reason.Approved, tag + " (commit " + commit + ") approved by " + reviewer(approval)
                    + " in HoradusApproval " + approval.name() + staleNote(stale), Optional.empty());
        }
        return new StepResult.Wait(poll, Reason.AwaitingApproval, tag + " (commit " + commit + ") awaits a reviewer's approval (spec.approval.required: "
                + request.spec().getApproval().getRequired() + ")" + staleNote(stale) + ". To approve, a reviewer runs: "
                + approvals.approveCommand(request.namespace(), request.name(), tag, commit));
    }

    private static String reviewer(Approval approval) {
        return approval.reviewer() == null || approval.reviewer().isBlank() ? "an unnamed reviewer" : approval.reviewer();
    }

    private static String staleNote(List<Approval> stale) {
        if (stale.isEmpty()) {
            return "";
        }
        return "; stale approvals, ignored (another tag or commit): " + String.join(", ",
                stale.stream().map(a -> a.name() + " (" + a.tag() + ", commit " + a.commit() + ")").toList());
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.HoradusApproval;
import io.horadus.api.HoradusRelease;
import io.horadus.api.Step;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.ApprovalPolicy;
import io.horadus.release.approval.Approvals;

import java.time.Instant;
import java.util.Objects;

/**
 * Reads the HoradusApprovals of one release with a plain list call, only for a release that requires
 * approval and has reached the Approve step. No informer on the kind: the operator must start and work on a cluster where only the
 * HoradusRelease CRD is installed, and a waiting release looks again on its own requeue anyway.
 */
final class ReleaseApprovals {

    private final KubernetesClient client;

    ReleaseApprovals(KubernetesClient client) {
        this.client = client;
    }

    Approvals of(HoradusRelease release) {
        var spec = release.getSpec();
        var current = release.getStatus() == null ? null : release.getStatus().getCurrentTag();
        var progress = release.getStatus() == null ? null : release.getStatus().getRelease();
        // Only the Approve step looks at approvals: a release polling its gates lists nothing.
        if (progress == null || progress.getStep() != Step.Approve
                || !ApprovalPolicy.required(spec.getApproval(), spec.getTag(), current)) {
            return Approvals.NOT_READ;
        }
        var name = release.getMetadata().getName();
        try {
            var items = client.resources(HoradusApproval.class).inNamespace(release.getMetadata().getNamespace()).list().getItems();
            return new Approvals.Found(items.stream()
                    .filter(a -> a.getSpec() != null && name.equals(a.getSpec().getRelease()))
                    .map(ReleaseApprovals::approval)
                    .toList());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return new Approvals.KindMissing("the API server answers 404 Not Found for horadusapprovals.horadus.io");
            }
            throw e;
        }
    }

    private static Approval approval(HoradusApproval approval) {
        var metadata = approval.getMetadata();
        var created = metadata.getCreationTimestamp() == null ? Instant.EPOCH : Instant.parse(metadata.getCreationTimestamp());
        var spec = approval.getSpec();
        return new Approval(metadata.getName(), spec.getTag(), Objects.requireNonNullElse(spec.getCommit(), ""), spec.getReviewer(), created);
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.HoradusApproval;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.Approvals;
import io.horadus.release.port.ApprovalSource;

import java.time.Instant;
import java.util.Objects;

/**
 * The HoradusApprovals of one release, read with a plain list call when the Approve step asks (only a
 * release that requires approval and has reached that step does). No informer on the kind: the operator
 * must start and work on a cluster where only the HoradusRelease CRD is installed. A release that asks is
 * then waiting, and {@link ApprovalPolls} tells it when an approval arrives.
 */
final class ReleaseApprovals implements ApprovalSource {

    static final String CRD_FILE = "crds/horadusapprovals.horadus.io-v1.yml";

    private final KubernetesClient client;
    private final ApprovalPolls polls;

    ReleaseApprovals(KubernetesClient client, ApprovalPolls polls) {
        this.client = client;
        this.polls = polls;
    }

    @Override
    public Approvals approvals(String namespace, String release) {
        polls.awaiting(namespace, release);
        try {
            var items = client.resources(HoradusApproval.class).inNamespace(namespace).list().getItems();
            return new Approvals.Found(items.stream()
                    .filter(a -> a.getSpec() != null && release.equals(a.getSpec().getRelease()))
                    .map(ReleaseApprovals::approval)
                    .toList());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                polls.kindMissing(namespace);
                return new Approvals.KindMissing("this cluster does not serve HoradusApproval (the API server answers 404 Not Found for "
                        + "horadusapprovals.horadus.io). Install its CRD: kubectl apply -f " + CRD_FILE);
            }
            throw e;
        }
    }

    @Override
    public String approveCommand(String namespace, String release, String tag, String commit) {
        return ApprovalCommand.of(namespace, release, tag, commit);
    }

    private static Approval approval(HoradusApproval approval) {
        var metadata = approval.getMetadata();
        var created = metadata.getCreationTimestamp() == null ? Instant.EPOCH : Instant.parse(metadata.getCreationTimestamp());
        var spec = approval.getSpec();
        return new Approval(metadata.getName(), spec.getTag(), Objects.requireNonNullElse(spec.getCommit(), ""), spec.getReviewer(), created);
    }
}

package io.horadus.release.approval;

import java.util.List;

/** The approvals of one release, as the {@link io.horadus.release.port.ApprovalSource} found them when the Approve step asked. */
public sealed interface Approvals {

    /** The approvals naming this release, in any order. */
    record Found(List<Approval> approvals) implements Approvals {
        public Found {
            approvals = List.copyOf(approvals);
        }
    }

    /**
     * The store cannot hold approvals (on a cluster: the HoradusApproval CRD is not installed).
     *
     * @param explanation what is missing and how to install it, in the words of the store's users
     */
    record KindMissing(String explanation) implements Approvals {
    }
}

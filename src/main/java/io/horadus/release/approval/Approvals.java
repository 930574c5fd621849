package io.horadus.release.approval;

import java.util.List;

/**
 * The approvals of one release the adapter found for this reconcile. It reads them only for a release
 * that requires approval (a list call per reconcile, no informer: the operator runs on clusters without
 * the approval kind), so {@link #NOT_READ} is what every other release carries.
 */
public sealed interface Approvals {

    Approvals NOT_READ = new NotRead();

    /** Nothing was read: the release requires no approval. */
    record NotRead() implements Approvals {
    }

    /** The approvals naming this release, in any order. */
    record Found(List<Approval> approvals) implements Approvals {
        public Found {
            approvals = List.copyOf(approvals);
        }
    }

    /** The cluster does not serve the HoradusApproval kind: its CRD is not installed. */
    record KindMissing(String detail) implements Approvals {
    }
}

package io.horadus.api;

/** spec.approval.required: when a release waits for a reviewer's HoradusApproval. */
public enum ApprovalRequirement {
    /** No reviewer: the Approve step is passed at once. */
    Never,
    /** Every release waits for an approval naming its tag and commit. */
    Always,
    /** Only a release whose MAJOR version is greater than the one the host runs (a first release is no bump). */
    MajorBump
}

package io.horadus.release.port;

import io.horadus.release.approval.Approvals;

/**
 * Where the reviewers' approvals of a release are kept, asked by the Approve step when it runs (and only
 * then), and how a reviewer gives one: the adapter words that for its users (a kubectl command, a
 * command line's subcommand).
 */
public interface ApprovalSource {

    /** The approvals naming this release, or {@link Approvals.KindMissing} when the store cannot hold any. */
    Approvals approvals(String namespace, String release);

    /** The one command a reviewer runs to approve this tag at this commit. */
    String approveCommand(String namespace, String release, String tag, String commit);
}

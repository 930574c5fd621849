package io.horadus.release.approval;

import java.time.Instant;

/**
 * A reviewer's HoradusApproval of this release, as the adapter read it: plain values, no Kubernetes.
 *
 * @param name      the approval object's name
 * @param reviewer  its free-text reviewer, or null
 * @param createdAt its creation time
 */
public record Approval(String name, String tag, String commit, String reviewer, Instant createdAt) {
}

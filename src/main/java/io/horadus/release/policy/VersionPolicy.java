package io.horadus.release.policy;

import io.horadus.api.VersionPolicySpec;

import java.util.Optional;

/**
 * The runbook's semantic versions as a rule: a release moves the host forward. A tag older than the one
 * the host runs (status.currentTag) is refused unless spec.versionPolicy.allowDowngrade says a person
 * means it. The same tag is a retry and passes; with nothing on the host yet every tag passes. Needs no
 * git, so it is judged before the fetch.
 */
public final class VersionPolicy {

    private VersionPolicy() {
    }

    /** Why going from {@code current} to {@code desired} is refused, or empty when it is allowed. */
    public static Optional<String> refusal(VersionPolicySpec policy, String desired, String current) {
        if (policy != null && policy.isAllowDowngrade()) {
            return Optional.empty();
        }
        var to = SemanticVersion.of(desired);
        var from = SemanticVersion.of(current);
        // A current tag that is no version (none yet, or written by hand) gives nothing to compare with.
        if (to.isEmpty() || from.isEmpty() || to.get().compareTo(from.get()) >= 0) {
            return Optional.empty();
        }
        return Optional.of(desired + " is older than " + current + ", which the host runs: a downgrade is refused and "
                + current + " keeps serving. To go back on purpose, set spec.versionPolicy.allowDowngrade: true");
    }
}

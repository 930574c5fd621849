package io.horadus.release.approval;

import io.horadus.api.ApprovalRequirement;
import io.horadus.api.ApprovalSpec;
import io.horadus.release.policy.SemanticVersion;

/**
 * Whether a release must wait for a reviewer: spec.approval.required against the version the host runs.
 * Shared by the Approve step and the adapter, which reads approvals only when this says so.
 */
public final class ApprovalPolicy {

    private ApprovalPolicy() {
    }

    /**
     * @param desired the tag to release
     * @param current status.currentTag, or null before a first release (which is never a major bump)
     */
    public static boolean required(ApprovalSpec approval, String desired, String current) {
        var requirement = approval == null || approval.getRequired() == null ? ApprovalRequirement.Never : approval.getRequired();
        return switch (requirement) {
            case Never -> false;
            case Always -> true;
            case MajorBump -> majorBump(desired, current);
        };
    }

    private static boolean majorBump(String desired, String current) {
        var to = SemanticVersion.of(desired);
        var from = SemanticVersion.of(current);
        return to.isPresent() && from.isPresent() && to.get().major().compareTo(from.get().major()) > 0;
    }
}

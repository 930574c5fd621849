package io.horadus.api;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every reason the operator writes: in conditions, step results, history entries and Events. Each
 * name is the string users see (and alert on), so a name here never changes; the status fields stay
 * Strings so the CRD does not change.
 */
public enum Reason {
    // Entering a step: the reason is the phase's name.
    Resolving, AwaitingUpstream, Gating, AwaitingApproval, Building, Migrating, RollingOut, Verifying,

    // The release as a whole.
    ReleaseStarted,
    /** Another tag was asked for before this release finished. */
    Superseded,
    /** Event only: the release notes, once the tag is resolved. */
    ReleaseNotes,
    Released,
    /** The release passed its watch window: it is the last good tag. */
    Promoted,
    /** A failed release whose failed step left no condition to repeat. */
    ReleaseFailed,
    InvalidSpec,
    /** spec.suspend is true. */
    Suspended,

    // Resolve.
    TagResolved,
    /** The tag is older than the one the host runs, and spec.versionPolicy.allowDowngrade is false. */
    DowngradeRefused,
    /** spec.releaseNotes.required is true and neither the tag nor the changelog has notes. */
    ReleaseNotesMissing,
    /** No such tag in the repository. */
    TagNotFound,
    /** The tag is lightweight; releases need annotated tags. */
    TagNotAnnotated,
    /** The tag's commit is not reachable from the release branch. */
    TagNotOnBranch,
    /** The tag points to another commit than the one recorded for it earlier. */
    TagMoved,
    /** The release branch does not exist in the repository. */
    BranchNotFound,
    /** The checked-out tree differs from the commit. */
    DirtyTree,
    /** The release's commit is no longer in the repository. */
    CommitGone,

    // Upstream (spec.promotion).
    /** Every upstream released the same commit, verified it and watched it healthy for the soak time. */
    UpstreamVerified,
    /** An upstream has not released the tag (or is still releasing it), or is not found. */
    UpstreamNotReleased,
    /** An upstream released the tag, but its checks fail now. */
    UpstreamNotHealthy,
    /** An upstream released the tag; the soak time has not passed yet. */
    SoakPending,
    /** An upstream released the tag as another commit (the tag moved). */
    CommitMismatch,
    /** An upstream rolled the tag back: a release not yet built stops, a released one is reported (and by spec.promotion.onUpstreamRollback rolled back). */
    UpstreamRolledBack,

    // Gate.
    /** No gates declared in spec.gates. */
    NoGates,
    GatesPassed, GateSkipped, GateStarted, GateRunning, GatePassed,
    /** A gate failed and spec allows it to: the release goes on. */
    GateAllowedFailure,
    GateFailed,

    // Approve.
    Approved, ApprovalNotRequired,
    /** Approval is required but the cluster does not serve the HoradusApproval kind. */
    ApprovalKindMissing,

    // Build.
    NothingToBuild, BuildSucceeded, BuildFailed,

    // Migrate.
    MigrationDisabled, MigrationRunning,
    /** The run's exit code is recorded; its container is removed in the next reconcile. */
    MigrationExited,
    MigrationSucceeded, MigrationFailed,

    // RollOut.
    RolloutSucceeded, RolloutFailed,

    // Verify and the watch.
    Verified, VerificationFailed,
    /** A watch round failed, fewer times in a row than verify.failureThreshold. */
    CheckFailing,
    /** The checks stay failed: a rollback begins, or the release stalls when there is none to do. */
    HealthFailed,

    // Drift.
    /** The host no longer runs the release's images (and spec.verify.onDrift does not re-converge). */
    Drifted,
    /** The drifted host was put back to the release's images. */
    Reconverged,
    ReconvergeFailed,
    /** The host runs the release's images. */
    AsReleased,

    // Rollback.
    RollingBack,
    /** The last good release is back on the host; its checks come next. */
    RollbackRestored,
    RolledBack, RollbackFailed,
    /** A person asked for a rollback and the kept release they asked for is back and verified. */
    RolledBackByRequest,
    /** A person's rollback request cannot be served (the tag is not kept, a release is in flight): nothing was run. */
    RollbackRefused,

    // The driver, around the engine.
    /** A Secret named by the spec is missing or unusable. */
    SecretInvalid,
    /** The Docker engine did not answer: retried, never counted as an application failure. */
    HostUnreachable,
    /** The git remote did not answer, or refused the fetch (no such repository, bad credentials): retried with backoff. */
    SourceUnreachable,
    /** The operator's work directory (horadus.work-dir) has no space left for a fetch or a checkout: retried with backoff. */
    WorkDirFull,
    /**
     * The status store refused to keep a status the operator wrote (the API server answered 422: a value its
     * schema does not allow, typically a CRD older than the operator): retried with backoff.
     */
    StatusRefused,
    /** Any other transient error: retried with backoff. */
    RetryingAfterError,

    // Notifications, beside the release.
    /** A notification could not be handed to its webhook: its Secret or key is missing, or its value is no http(s) URL. The release goes on. */
    NotificationFailed;

    /**
     * The reason named {@code name}, for a status value the engine wrote itself and now repeats (a
     * failed step's reason, reported again on a later reconcile); empty for any other text.
     */
    public static Optional<Reason> of(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equals(name)).findFirst();
    }
}

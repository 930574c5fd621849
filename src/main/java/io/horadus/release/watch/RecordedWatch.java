package io.horadus.release.watch;

import io.horadus.api.Condition;
import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.DriftPolicy;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ImageSnapshot;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.release.ReleaseEngine;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.rollback.Rollbacks;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What status records about a watched version, frozen when a reconcile hands the watch its plan: the
 * test of whether a round would change it, so that a passing round of a passing release asks for no
 * reconcile. It must agree with what a reconcile does with the round (ReleaseEngine#applyRound for a
 * release's own version, Rollbacks#watchRestored for a restored one); where in doubt it says "changes",
 * which costs a reconcile that writes nothing.
 */
public final class RecordedWatch {

    private record Said(String status, String reason, String message) {
    }

    private final WatchRounds.Subject subject;
    private final Phase phase;
    private final String watchTag;
    private final int consecutiveFailures;
    private final Map<String, Said> conditions = new HashMap<>();
    private final boolean promoted;
    /** When the release becomes the last good one, or null: at once. */
    private final Instant promoteAt;
    private final DriftPolicy onDrift;
    private final List<ImageSnapshot> images;
    private final List<String> services;
    /** What Ready and Stalled say of a restored version (the RolledBack condition's message), or null. */
    private final String rolledBackMessage;

    private RecordedWatch(ReleaseRequest request, HoradusReleaseStatus status, WatchRounds.Subject subject) {
        this.subject = subject;
        this.phase = status.getPhase();
        var watch = status.getWatch();
        this.watchTag = watch == null ? null : watch.getTag();
        this.consecutiveFailures = watch == null || watch.getConsecutiveFailures() == null ? 0 : watch.getConsecutiveFailures();
        for (Condition c : status.getConditions()) {
            conditions.put(c.getType(), new Said(c.getStatus(), c.getReason(), c.getMessage()));
        }
        var release = status.getRelease();
        this.promoted = subject.tag().equals(status.getLastGoodTag()) && Objects.equals(subject.commit(), status.getLastGoodCommit());
        this.promoteAt = release.getRolledOutAt() == null ? null
                : Instant.parse(release.getRolledOutAt()).plusSeconds(request.spec().getVerify().getWatchSeconds());
        this.onDrift = request.spec().getVerify().getOnDrift();
        this.images = release.getImages() == null ? List.of() : List.copyOf(release.getImages());
        this.services = List.copyOf(request.spec().getRollout().getUp());
        this.rolledBackMessage = subject.restored() && status.getRollback() != null ? Rollbacks.rolledBackMessage(status) : null;
    }

    public static RecordedWatch of(ReleaseRequest request, HoradusReleaseStatus status, WatchRounds.Subject subject) {
        return new RecordedWatch(request, status, subject);
    }

    /** Whether applying this round would change status (or the host: a re-converge). */
    public boolean changes(WatchRounds.Observed round) {
        if (!round.report().passed()) {
            return true; // one more failed round in a row is always recorded
        }
        if (!subject.tag().equals(watchTag) || consecutiveFailures > 0) {
            return true; // a new watch record, or a recovery
        }
        return subject.restored() ? restoredChanges() : releasedChanges(round);
    }

    private boolean releasedChanges(WatchRounds.Observed round) {
        var tag = subject.tag();
        var drift = Drift.of(images, services, round.host());
        if (drift.isPresent()) {
            if (onDrift == DriftPolicy.Reconverge || !says(ConditionType.Drifted, ConditionStatus.True, Reason.Drifted, drift.get())) {
                return true;
            }
        } else if (!says(ConditionType.Drifted, ConditionStatus.False, Reason.AsReleased, "the host runs " + tag + "'s images")) {
            return true;
        }
        var released = tag + " is released and verified";
        if (phase != Phase.Ready || !says(ConditionType.Ready, ConditionStatus.True, Reason.Released, released)
                || !says(ConditionType.Reconciling, ConditionStatus.False, Reason.Released, released)
                || !says(ConditionType.Stalled, ConditionStatus.False, Reason.Released, released)
                || !says(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, VerificationReport.passedMessage(tag))) {
            return true;
        }
        return !promoted && (promoteAt == null || !round.at().isBefore(promoteAt));
    }

    private boolean restoredChanges() {
        var message = rolledBackMessage;
        return phase != Phase.RolledBack || message == null
                || !says(ConditionType.Ready, ConditionStatus.False, Reason.RolledBack, message)
                || !says(ConditionType.Stalled, ConditionStatus.True, Reason.RolledBack, message)
                || !says(ConditionType.Reconciling, ConditionStatus.False, Reason.RolledBack, message)
                || !says(ConditionType.Healthy, ConditionStatus.True, Reason.Verified, subject.tag() + " passes its checks");
    }

    private boolean says(ConditionType type, ConditionStatus status, Reason reason, String message) {
        return new Said(status.name(), reason.name(), message).equals(conditions.get(type.name()));
    }
}

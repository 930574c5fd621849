package io.horadus.release;

import io.horadus.api.Condition;
import io.horadus.api.ConditionStatus;
import io.horadus.api.ConditionType;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Reason;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that writes status.conditions. Keeps lastTransitionTime when a condition's status did
 * not change and stamps observedGeneration. The summary conditions (Ready, Reconciling, Stalled) are
 * written through {@link StatusSummary}, which derives them from where the release stands.
 */
public final class Conditions {

    /** One condition as a decision wants it: written by {@link #set(Setting)}, compared with what status holds by {@link #heldIn}. */
    public record Setting(ConditionType type, ConditionStatus status, Reason reason, String message) {

        /** Whether {@code status} already says exactly this (the revision it was set for aside). */
        public boolean heldIn(HoradusReleaseStatus status) {
            return status.getConditions().stream().anyMatch(c -> type.name().equals(c.getType()) && this.status.name().equals(c.getStatus())
                    && reason.name().equals(c.getReason()) && Objects.equals(message, c.getMessage()));
        }
    }

    private final HoradusReleaseStatus status;
    /** The spec revision conditions are set for: status.conditions[].observedGeneration. */
    private final long revision;
    private final String now;

    /** Each condition as this reconcile found it: a status set and set back within one reconcile is no transition. */
    private final Map<String, Condition> found = new HashMap<>();

    public Conditions(HoradusReleaseStatus status, long revision, Instant now) {
        this.status = status;
        this.revision = revision;
        this.now = Timestamps.format(now);
        status.getConditions().forEach(c -> found.put(c.getType(), new Condition(c.getType(), c.getStatus(), null, null, c.getLastTransitionTime(), 0L)));
    }

    public void set(ConditionType type, ConditionStatus conditionStatus, Reason reason, String message) {
        var existing = get(type);
        if (existing.isEmpty()) {
            status.getConditions().add(new Condition(type.name(), conditionStatus.name(), reason.name(), message, now, revision));
            return;
        }
        var condition = existing.get();
        if (!Objects.equals(condition.getStatus(), conditionStatus.name())) {
            var before = found.get(type.name());
            condition.setLastTransitionTime(before != null && Objects.equals(before.getStatus(), conditionStatus.name())
                    ? before.getLastTransitionTime() : now);
        }
        condition.setStatus(conditionStatus.name());
        condition.setReason(reason.name());
        condition.setMessage(message);
        condition.setObservedGeneration(revision);
    }

    public void set(Setting setting) {
        set(setting.type(), setting.status(), setting.reason(), setting.message());
    }

    /** The condition of this type as status holds it now, if any. */
    public Optional<Condition> get(ConditionType type) {
        return status.getConditions().stream().filter(c -> type.name().equals(c.getType())).findFirst();
    }

    /** The condition, if any, keeps what it says, now said for the spec revision of this pass. */
    public void restamp(ConditionType type) {
        get(type).ifPresent(c -> c.setObservedGeneration(revision));
    }

    public void remove(ConditionType type) {
        status.getConditions().removeIf(c -> type.name().equals(c.getType()));
    }

    /** For {@link StatusSummary}, which sets the phase next to the summary conditions. */
    HoradusReleaseStatus status() {
        return status;
    }
}

package io.horadus.release;

import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseStatus;

import java.time.Instant;
import java.util.Objects;

/**
 * The one place that writes status.conditions. Keeps lastTransitionTime when a condition's status did
 * not change, stamps observedGeneration, and applies the kstatus convention for the summary:
 * working = Reconciling=True + Ready=Unknown; done = Ready=True; terminal = Ready=False + Stalled=True.
 */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private final HoradusReleaseStatus status;
    private final long generation;
    private final String now;

    /** Each condition as this reconcile found it: a status set and set back within one reconcile is no transition. */
    private final java.util.Map<String, Condition> found = new java.util.HashMap<>();

    public Conditions(HoradusReleaseStatus status, long generation, Instant now) {
        this.status = status;
        this.generation = generation;
        this.now = Timestamps.format(now);
        status.getConditions().forEach(c -> found.put(c.getType(), new Condition(c.getType(), c.getStatus(), null, null, c.getLastTransitionTime(), 0L)));
    }

    /** Working towards the desired state. */
    public void progressing(String reason, String message) {
        set(RECONCILING, TRUE, reason, message);
        set(READY, UNKNOWN, reason, message);
        set(STALLED, FALSE, reason, message);
    }

    /** Waiting for a person, not the host: not Ready until someone acts, yet never Stalled (it goes on once they do). */
    public void awaitingPerson(String reason, String message) {
        set(RECONCILING, TRUE, reason, message);
        set(READY, FALSE, reason, message);
        set(STALLED, FALSE, reason, message);
    }

    /** The desired state is reached. */
    public void ready(String reason, String message) {
        set(READY, TRUE, reason, message);
        set(RECONCILING, FALSE, reason, message);
        set(STALLED, FALSE, reason, message);
    }

    /** Stopped for good until the spec changes. */
    public void stalled(String reason, String message) {
        set(READY, FALSE, reason, message);
        set(STALLED, TRUE, reason, message);
        set(RECONCILING, FALSE, reason, message);
    }

    /** Not acting, on purpose; Ready and Stalled keep what they said. */
    public void suspended(String message) {
        set(RECONCILING, FALSE, "Suspended", message);
    }

    public void set(String type, String conditionStatus, String reason, String message) {
        var existing = status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
        if (existing.isEmpty()) {
            status.getConditions().add(new Condition(type, conditionStatus, reason, message, now, generation));
            return;
        }
        var condition = existing.get();
        if (!Objects.equals(condition.getStatus(), conditionStatus)) {
            var before = found.get(type);
            condition.setLastTransitionTime(before != null && Objects.equals(before.getStatus(), conditionStatus) ? before.getLastTransitionTime() : now);
        }
        condition.setStatus(conditionStatus);
        condition.setReason(reason);
        condition.setMessage(message);
        condition.setObservedGeneration(generation);
    }

    public void remove(String type) {
        status.getConditions().removeIf(c -> type.equals(c.getType()));
    }
}

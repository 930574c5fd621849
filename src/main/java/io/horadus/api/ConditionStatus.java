package io.horadus.api;

/** A condition's status, as metav1.Condition spells it; {@link Condition#getStatus()} stays a String. */
public enum ConditionStatus {
    True, False, Unknown
}

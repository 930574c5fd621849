package io.horadus.api;

/** Where the release's current step stands. Started is written before the host is touched. */
public enum StepState {
    Pending, Started, Failed
}

package io.horadus.api;

/** What the watch does when the host no longer runs the release's containers and images. */
public enum DriftPolicy {
    /** Put the release's images back under their names and `up -d --no-build` the services. */
    Reconverge,
    /** Only say so (condition Drifted); the checks judge what runs. */
    Report
}

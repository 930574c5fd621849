package io.horadus.api;

/**
 * What the watch does when the host no longer runs the release's containers and images: a container
 * missing, on another image, or stopped on the release's image (the Docker engine's shutdown leaves
 * services without a restart policy exited).
 */
public enum DriftPolicy {
    /** Put the release's images back under their names and `up -d --no-build` the services. */
    Reconverge,
    /** Only say so (condition Drifted); the checks judge what runs, and a round with stopped services is not counted. */
    Report
}

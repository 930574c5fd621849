package io.horadus.release.port;

import java.util.Optional;

/** Where a gate's container image comes from. */
public sealed interface GateImage {

    /** An image that must already be on the Docker host: it is never pulled. */
    record Declared(String image) implements GateImage {
    }

    /**
     * An image built on the Docker host from a Dockerfile of the checkout (the checkout is the build
     * context), optionally up to one stage, and tagged {@code tag} so that the next build reuses its
     * layers.
     */
    record Built(String dockerfile, Optional<String> stage, String tag) implements GateImage {
    }
}

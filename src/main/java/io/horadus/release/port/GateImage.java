package io.horadus.release.port;

import java.util.Optional;

/** Where a gate's container image comes from. */
public sealed interface GateImage {

    /**
     * The label every image the operator builds for a gate carries (its value: the tag). Each build moves the
     * tag, so the image it leaves untagged is found by this label and removed by housekeeping.
     */
    String LABEL = "horadus.io/gate-image";

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

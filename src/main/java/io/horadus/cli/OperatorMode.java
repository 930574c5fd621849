package io.horadus.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;

/**
 * {@code horadus operator}: Quarkus boots as a service (the controllers start, see
 * {@code operator.OperatorLifecycle}; the HTTP server answers probes and metrics) and the process lives
 * until it is told to stop.
 */
public final class OperatorMode implements QuarkusApplication {

    static final String COMMAND = "operator";

    @Override
    public int run(String... args) {
        Quarkus.waitForExit();
        return 0;
    }
}

package io.horadus.operator;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Starts the controllers while Quarkus boots and stops them when it shuts down. The application has a
 * main class of its own ({@code cli.Horadus}), so Quarkus's operator extension leaves this to it.
 */
@Singleton
public class OperatorLifecycle {

    private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);

    private final Operator operator;

    public OperatorLifecycle(Operator operator) {
        this.operator = operator;
    }

    void start(@Observes StartupEvent event) {
        LOG.info("Starting operator.");
        operator.start();
    }

    void stop(@Observes ShutdownEvent event) {
        LOG.infof("Stopping operator (standard shutdown: %s).", event.isStandardShutdown());
        operator.stop();
    }
}

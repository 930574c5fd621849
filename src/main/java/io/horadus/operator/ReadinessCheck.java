package io.horadus.operator;

import io.horadus.config.OperatorConfig;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** /q/health/ready: whether the operator hears of releases and can act on them ({@link OperatorHealth}). */
@Readiness
@Singleton
class ReadinessCheck implements HealthCheck {

    private final RuntimeProbe probe;
    private final OperatorConfig config;

    ReadinessCheck(RuntimeProbe probe, OperatorConfig config) {
        this.probe = probe;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return OperatorHealth.readiness(probe.read(), config.watchGrace());
    }
}

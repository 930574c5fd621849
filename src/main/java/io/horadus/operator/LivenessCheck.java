package io.horadus.operator;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** /q/health/live: DOWN only for a part that is dead and a restart brings back ({@link OperatorHealth}). */
@Liveness
@Singleton
class LivenessCheck implements HealthCheck {

    private final RuntimeProbe probe;

    LivenessCheck(RuntimeProbe probe) {
        this.probe = probe;
    }

    @Override
    public HealthCheckResponse call() {
        return OperatorHealth.liveness(probe.read());
    }
}

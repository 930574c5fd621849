package io.horadus.release;

import io.horadus.api.VerifySpec;

import java.util.List;

/** Post-deploy verification: the runbook's curl /health, curl /metrics and compose ps. */
public interface Verifier {

    /**
     * Runs every check once: health URL 2xx; metrics URL (if set) 2xx with non-empty Prometheus text;
     * each service has a running container, healthy where the service defines a healthcheck.
     */
    VerificationReport verify(VerifySpec spec, List<String> services, HostState host);
}

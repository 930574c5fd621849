package io.horadus.release.port;

import io.horadus.api.VerifySpec;

import java.util.List;

/** Post-deploy verification: the runbook's curl /health, curl /metrics, compose ps and curl inside a container. */
public interface Verifier {

    /**
     * Runs every check once: health URL 2xx; metrics URL (if set) 2xx with non-empty Prometheus text;
     * each service has a running container, healthy where the service defines a healthcheck; each
     * named check (an HTTP probe, or a command inside a service's container); each metric rule over
     * the scraped metrics.
     *
     * @param release names the release ("namespace/name"): rules over counter increases compare this
     *                scrape with the release's previous one, which the verifier keeps in memory
     * @param access  the Docker host of exec checks, and the headers and CA of HTTP probes
     */
    VerificationReport verify(String release, VerifySpec spec, List<String> services, HostState host, ProbeAccess access);
}

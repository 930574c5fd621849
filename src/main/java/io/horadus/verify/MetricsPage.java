package io.horadus.verify;

/** The metrics page of one round as the rules get it: read, or why there is nothing to read. */
sealed interface MetricsPage {

    /** No page: no metricsUrl, the probe failed, or it answered without Prometheus samples. */
    record Unavailable(String reason) implements MetricsPage {
    }

    /**
     * A page the probe got; {@code cut} when it was longer than the probe reads, so series past
     * the cut are missing.
     */
    record Read(Scrape scrape, boolean cut) implements MetricsPage {
    }
}

package io.horadus.metrics;

import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.restassured.RestAssured;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;

/** The agent's Prometheus endpoint, asked over HTTP as Prometheus asks it. */
class MetricsServerTest {

    @Test
    @DisplayName("GET /metrics and /q/metrics answer the registry's text; another path is 404, another method 405")
    void serves() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("horadus_rollbacks_total", "reason", "Requested").increment();
        try (var server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry)) {
            var http = RestAssured.given().baseUri("http://127.0.0.1").port(server.port());
            for (var path : new String[] {"/metrics", "/q/metrics"}) {
                http.get(path).then().statusCode(200)
                        .contentType("text/plain; version=0.0.4; charset=utf-8")
                        .body(containsString("horadus_rollbacks_total{reason=\"Requested\",} 1.0"));
            }
            http.get("/").then().statusCode(404);
            http.post("/metrics").then().statusCode(405).header("Allow", "GET, HEAD");
        }
    }

    @Test
    @DisplayName("a port in use: refused with the JDK's reason")
    void portInUse() throws Exception {
        var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (var first = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry)) {
            assertThat(first.port()).isPositive();
            assertThatThrownBy(() -> MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), first.port()), registry))
                    .isInstanceOf(java.net.BindException.class);
        }
    }
}

package io.horadus.verify;

import io.horadus.api.HttpProbeSpec;
import io.horadus.api.VerifySpec;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.VerificationReport.Check;
import io.horadus.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.horadus.verify.HttpVerifierTest.NO_EXEC;
import static io.horadus.verify.HttpVerifierTest.PLAIN;
import static io.horadus.verify.HttpVerifierTest.host;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * https probes against real TLS servers on loopback, with certificates made by openssl: the CA from a
 * Secret is trusted and checked with the host name, anything else is refused unless insecureSkipVerify.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsProbeTest {

    private TestCertificates company;
    private TestCertificates stranger;
    /** Signed by the company CA for 127.0.0.1, the address probed. */
    private LocalHttpServer app;
    /** Signed by the company CA, but for another name than the address probed. */
    private LocalHttpServer elsewhere;

    @BeforeAll
    void certificatesAndServers() throws Exception {
        var dir = Files.createTempDirectory(Path.of("target"), "https-probe-");
        company = TestCertificates.authority(dir, "horadus-company-ca");
        stranger = TestCertificates.authority(dir, "stranger-ca");
        app = new LocalHttpServer(company.server("app", "IP:127.0.0.1").serverContext()).answer("/health", 200, "ok");
        elsewhere = new LocalHttpServer(company.server("elsewhere", "DNS:horadus.example.com").serverContext()).answer("/health", 200, "ok");
    }

    @AfterAll
    void stop() {
        app.close();
        elsewhere.close();
    }

    @Test
    @DisplayName("the CA bundle from caSecretRef is trusted")
    void trustedCa() {
        assertThat(health(app, trust(false), company.caPem())).isEqualTo(new Check("health", true, "HTTP 200"));
    }

    @Test
    @DisplayName("without a CA bundle, the JVM's CAs do not know the company CA: a TLS failure, not a pass")
    void jvmCasRefuse() {
        Check health = health(app, null, null);
        assertThat(health.passed()).isFalse();
        assertThat(health.detail()).startsWith("TLS: ");
    }

    @Test
    @DisplayName("a bundle of another CA is refused")
    void otherCaRefused() {
        Check health = health(app, trust(false), stranger.caPem());
        assertThat(health.passed()).isFalse();
        assertThat(health.detail()).startsWith("TLS: ");
    }

    @Test
    @DisplayName("a certificate of the right CA for another host name is refused")
    void wrongHostNameRefused() {
        Check health = health(elsewhere, trust(false), company.caPem());
        assertThat(health.passed()).isFalse();
        assertThat(health.detail()).startsWith("TLS: ");
    }

    @Test
    @DisplayName("insecureSkipVerify accepts an unknown CA and a wrong host name, for this release's probes only")
    void insecureSkipVerify() {
        assertThat(health(app, trust(true), null)).isEqualTo(new Check("health", true, "HTTP 200"));
        assertThat(health(elsewhere, trust(true), null)).isEqualTo(new Check("health", true, "HTTP 200"));
        assertThat(health(app, null, null).passed()).as("a release without the setting still verifies").isFalse();
    }

    private static HttpProbeSpec trust(boolean insecure) {
        var http = new HttpProbeSpec();
        if (insecure) {
            http.setInsecureSkipVerify(true);
        } else {
            http.setCaSecretRef("horadus-ca");
        }
        return http;
    }

    /** One verification of the server's /health, with its own verifier as every release has its own settings. */
    private static Check health(LocalHttpServer server, HttpProbeSpec http, String caBundle) {
        var spec = new VerifySpec();
        spec.setHealthUrl(server.url("/health"));
        spec.setHttp(http);
        var access = new ProbeAccess(PLAIN.target(), new ProbeSecrets(Map.of(), caBundle));
        return new HttpVerifier(NO_EXEC).verify("default/horadus", spec, List.of(), host(), access).checks().get(0);
    }
}

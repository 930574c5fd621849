package io.horadus.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.HoradusRelease;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.testing.TlsDockerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A release onto a remote Docker host, as a team with one reaches it: {@code tcp://} with TLS, the
 * client's certificate and key and the host's CA in a Secret. The host is a second, real dockerd on
 * loopback with certificates made for it ({@link TlsDockerEngine}); the compose CLI builds and starts
 * the app there and docker-java reads it there, both through the Secret's material.
 */
class RemoteEngineIT extends OperatorHarness {

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(4);

    private TlsDockerEngine engine;

    @BeforeAll
    void startRemoteEngine() throws Exception {
        engine = TlsDockerEngine.start(scratch.resolve("remote-engine"));
        // Its own image store: the sample app's base image is copied over, as it is imported here (nothing is pulled).
        engine.copyImage(BaseImage.NAME);
    }

    @AfterAll
    void stopRemoteEngine() throws Exception {
        if (engine != null) {
            engine.close();
        }
    }

    private void tlsSecret(String name, TlsDockerEngine.ClientMaterial material) {
        secret(name, material.secretData());
    }

    @Test
    @DisplayName("a release onto a tcp:// engine with TLS material from a Secret runs there, is verified there, and Ready")
    void releasesOntoTheTlsEngine() throws Exception {
        tlsSecret("remote-tls", engine.client());
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);

        releases.create("remote", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getTarget().setDockerHost(engine.dockerHost());
            spec.getTarget().setTlsSecretRef("remote-tls");
        });
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("remote", "v1.0.0"));

        assertThat(runningOnTheTlsEngine(app.project())).containsExactly(
                "api " + v100.apiImage("v1.0.0"), "beat " + v100.workerImage("v1.0.0"), "worker " + v100.workerImage("v1.0.0"));
        assertThat(HostProbe.running(app.project())).as("containers on the machine's own engine").isEmpty();
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo(v100.healthBody());
        // Verification read the remote engine (docker-java over TLS): it found each service's container there.
        assertThat(releases.condition("remote", "Healthy")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertNoKeyMaterialOutsideTheSecret(engine.client());
    }

    @Test
    @DisplayName("a client certificate the engine does not trust gives a condition naming the TLS failure, and nothing runs")
    void foreignCertificateIsRefused() throws Exception {
        tlsSecret("foreign-tls", engine.foreignClient());
        var app = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);

        releases.create("foreign", "v1.0.0", git.url(), app.project(), v100, spec -> {
            spec.getTarget().setDockerHost(engine.dockerHost());
            spec.getTarget().setTlsSecretRef("foreign-tls");
        });
        // compose's build is refused in the handshake, then the engine read after the failed step is too:
        // reported as an engine that does not answer, retried with backoff (a corrected Secret is read on the retry).
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.condition("foreign", "Ready")
                .map(c -> "HostUnreachable".equals(c.getReason())).orElse(false));
        assertThat(releases.condition("foreign", "Ready")).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("Unknown");
            assertThat(c.getMessage()).contains("Docker engine at " + engine.dockerHost() + " did not answer", "spec.target.tlsSecretRef");
        });
        assertThat(releases.condition("foreign", "Reconciling")).hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(engine.docker("images", "--format", "{{.Repository}}").output()).doesNotContain(v100.apiImage("v1.0.0").split(":")[0]);
        assertThat(runningOnTheTlsEngine(app.project())).isEmpty();
        assertThat(HostProbe.traces(app.project(), app.port())).isEmpty();
        assertNoKeyMaterialOutsideTheSecret(engine.foreignClient());
    }

    /** "service image" of each running container of the project on the TLS engine, sorted. */
    private List<String> runningOnTheTlsEngine(String project) {
        return engine.docker("ps", "--filter", "label=com.docker.compose.project=" + project,
                "--format", "{{.Label \"com.docker.compose.service\"}} {{.Image}}").output().lines().sorted().toList();
    }

    /** The private key's lines (the certificates are public) appear in no status, Event or operator log line. */
    private void assertNoKeyMaterialOutsideTheSecret(TlsDockerEngine.ClientMaterial material) throws Exception {
        var json = new ObjectMapper();
        var statuses = json.writeValueAsString(cluster.client().resources(HoradusRelease.class)
                .inNamespace(Releases.NAMESPACE).list().getItems().stream().map(HoradusRelease::getStatus).toList());
        var events = json.writeValueAsString(cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems());
        var log = operator.log();
        var keyLines = material.keyPem().lines().filter(l -> !l.startsWith("-----") && l.length() >= 16).toList();
        assertThat(keyLines).isNotEmpty();
        for (var line : keyLines) {
            assertThat(statuses).as("status").doesNotContain(line);
            assertThat(events).as("Events").doesNotContain(line);
            assertThat(log).as("operator log").doesNotContain(line);
        }
    }
}

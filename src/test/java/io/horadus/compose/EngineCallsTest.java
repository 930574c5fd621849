package io.horadus.compose;

import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.DockerTls;
import io.horadus.release.port.HostUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EngineCallsTest {

    private static final String KEY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC";

    @Test
    void aTlsEndpointThatBreaksThePipeIsReportedWithWhatToCheckAndNoKey() {
        var target = new ComposeTarget("tcp://127.0.0.1:2376", new DockerTls("ca", "cert", "-----BEGIN PRIVATE KEY-----\n" + KEY + "\n"),
                "app", List.of("compose.yaml"), null);

        var e = catchThrowableOfType(() -> EngineCalls.onHost(target, () -> {
            throw new RuntimeException(new SocketException("Broken pipe"));
        }), HostUnavailableException.class);

        assertThat(e.getMessage()).startsWith("Docker engine at tcp://127.0.0.1:2376 did not answer: SocketException: Broken pipe; over TLS")
                .contains("spec.target.tlsSecretRef", "ca.pem", "cert.pem").doesNotContain(KEY);
    }

    @Test
    void aSocketEndpointNamesTheRootCauseOnly() {
        var target = new ComposeTarget("unix:///var/run/docker.sock", null, "app", List.of("compose.yaml"), null);

        var e = catchThrowableOfType(() -> EngineCalls.onHost(target, () -> {
            throw new RuntimeException(new IOException("connect failed"));
        }), HostUnavailableException.class);

        assertThat(e.getMessage()).isEqualTo("Docker engine at unix:///var/run/docker.sock did not answer: IOException: connect failed");
    }

    @Test
    void aLongOrMultiLineCauseIsCutToOneLine() {
        var target = new ComposeTarget("unix:///var/run/docker.sock", null, "app", List.of("compose.yaml"), null);
        var page = "<html>\n<body>" + "x".repeat(500) + "</body>\n</html>";

        var e = catchThrowableOfType(() -> EngineCalls.onHost(target, () -> {
            throw new RuntimeException(new IOException("bad gateway: " + "y".repeat(300) + "\n" + page));
        }), HostUnavailableException.class);

        assertThat(e.getMessage()).startsWith("Docker engine at unix:///var/run/docker.sock did not answer: IOException: bad gateway: yyy")
                .endsWith("…").doesNotContain("\n").doesNotContain("<html>");
        assertThat(e.getMessage().length()).isLessThan(300);
    }
}

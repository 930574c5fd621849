package io.horadus.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A second Docker engine for tests, as a remote host is reached: dockerd ({@link DockerDaemonProcess})
 * listening on {@code tcp://127.0.0.1:<port>} with {@code --tlsverify}, its server certificate and the
 * client's issued by a CA made for it with openssl. {@link #close()} stops that dockerd (and so its
 * containerd and containers) by the process it started.
 */
public final class TlsDockerEngine implements AutoCloseable {

    /** PEM material a client presents: what a release's TLS Secret holds. */
    public record ClientMaterial(String caPem, String certPem, String keyPem) {
        public Map<String, String> secretData() {
            return Map.of("ca.pem", caPem, "cert.pem", certPem, "key.pem", keyPem);
        }

        @Override
        public String toString() {
            return "ClientMaterial[***]";
        }
    }

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final DockerDaemonProcess dockerd;
    private final TestCertificates engineCa;
    private final TestCertificates.Issued client;
    private final TestCertificates.Issued foreign;

    private TlsDockerEngine(DockerDaemonProcess dockerd, TestCertificates engineCa,
                            TestCertificates.Issued client, TestCertificates.Issued foreign) {
        this.dockerd = dockerd;
        this.engineCa = engineCa;
        this.client = client;
        this.foreign = foreign;
    }

    /**
     * Makes the PKI in {@code dir}, starts dockerd and returns once it answers a client with the
     * good material.
     */
    public static TlsDockerEngine start(Path dir) throws IOException, InterruptedException {
        var pki = Files.createDirectories(dir.resolve("pki"));
        var engineCa = TestCertificates.authority(pki, "engine-ca");
        var server = engineCa.server("server", "IP:127.0.0.1");
        var client = engineCa.client("client");
        // A client the engine must refuse: its certificate comes from a CA the engine does not trust.
        var foreign = TestCertificates.authority(pki, "other-ca").client("foreign");

        var runDir = Files.createTempDirectory(Path.of("/tmp"), "hxd-");
        var dockerd = new DockerDaemonProcess(dir, runDir, "tcp://127.0.0.1:" + LoopbackPorts.free(),
                List.of("--tlsverify",
                        "--tlscacert", engineCa.caFile().toString(),
                        "--tlscert", server.certificateFile().toString(),
                        "--tlskey", server.keyFile().toString()),
                List.of("--tlsverify",
                        "--tlscacert", engineCa.caFile().toString(),
                        "--tlscert", client.certificateFile().toString(),
                        "--tlskey", client.keyFile().toString()));
        dockerd.startOrCleanUp(STOP_TIMEOUT);
        return new TlsDockerEngine(dockerd, engineCa, client, foreign);
    }

    /** {@code tcp://127.0.0.1:<port>}: what spec.target.dockerHost names. */
    public String dockerHost() {
        return dockerd.host();
    }

    /** The material the engine accepts. */
    public ClientMaterial client() {
        return new ClientMaterial(engineCa.caPem(), client.certificatePem(), client.keyPem());
    }

    /** The engine's CA, but a client certificate and key issued by another CA: refused in the handshake. */
    public ClientMaterial foreignClient() {
        return new ClientMaterial(engineCa.caPem(), foreign.certificatePem(), foreign.keyPem());
    }

    /** The docker CLI against this engine with the good material; never the machine's engine. */
    public Commands.Output docker(String... args) {
        return dockerd.docker(args);
    }

    /** Copies an image of the machine's engine into this one (docker save, docker load): nothing is pulled. */
    public void copyImage(String image) throws IOException {
        dockerd.copyImage(image);
    }

    /** Stops dockerd (SIGTERM: it stops its containers and its containerd), forcibly if it hangs. */
    @Override
    public void close() throws InterruptedException {
        try {
            dockerd.stop(STOP_TIMEOUT);
        } finally {
            dockerd.cleanUp();
        }
    }

    @Override
    public String toString() {
        return "TlsDockerEngine[" + dockerd + "]";
    }
}

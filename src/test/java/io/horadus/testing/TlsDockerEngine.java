package io.horadus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second Docker engine for tests, as a remote host is reached: dockerd listening on
 * {@code tcp://127.0.0.1:<port>} with {@code --tlsverify}, its server certificate and the client's
 * issued by a CA made for it with openssl. It has its own data root (under the test's directory), its
 * own exec root and pid file, and the containerd dockerd starts for itself when given no
 * {@code --containerd} (Debian's dockerd does: {@code <exec-root>/containerd}); like the machine's
 * engine it runs without a bridge or iptables rules, so it touches nothing of the network.
 * {@link #close()} stops that dockerd (and so its containerd and containers) by the process it started.
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

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(40);

    private final Path dir;
    private final Path execRoot;
    private final int port;
    private final Process dockerd;
    private final TestCertificates engineCa;
    private final TestCertificates.Issued client;
    private final TestCertificates.Issued foreign;

    private TlsDockerEngine(Path dir, Path execRoot, int port, Process dockerd, TestCertificates engineCa,
                            TestCertificates.Issued client, TestCertificates.Issued foreign) {
        this.dir = dir;
        this.execRoot = execRoot;
        this.port = port;
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

        // The exec root holds unix sockets named by 64-hex ids (libnetwork), too long for sun_path
        // under a deep build directory, so it lives in a short directory of its own under /tmp.
        var execRoot = Files.createTempDirectory(Path.of("/tmp"), "hxd-");
        var port = LoopbackPorts.free();
        var argv = List.of("dockerd",
                "--data-root", Files.createDirectories(dir.resolve("data")).toString(),
                "--exec-root", execRoot.toString(),
                "--pidfile", execRoot.resolve("dockerd.pid").toString(),
                "-H", "tcp://127.0.0.1:" + port,
                "--tlsverify",
                "--tlscacert", engineCa.caFile().toString(),
                "--tlscert", server.certificateFile().toString(),
                "--tlskey", server.keyFile().toString(),
                "--bridge=none", "--iptables=false", "--ip-masq=false");
        var log = dir.resolve("dockerd.log");
        var process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var engine = new TlsDockerEngine(dir, execRoot, port, process, engineCa, client, foreign);
        try {
            engine.awaitAnswer(log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** {@code tcp://127.0.0.1:<port>}: what spec.target.dockerHost names. */
    public String dockerHost() {
        return "tcp://127.0.0.1:" + port;
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
        var argv = new ArrayList<>(List.of("docker", "--host", dockerHost(), "--tlsverify",
                "--tlscacert", engineCa.caFile().toString(),
                "--tlscert", client.certificateFile().toString(),
                "--tlskey", client.keyFile().toString()));
        argv.addAll(List.of(args));
        return Commands.run(null, Map.of(), argv, Commands.DEFAULT_TIMEOUT);
    }

    /** Copies an image of the machine's engine into this one (docker save, docker load): nothing is pulled. */
    public void copyImage(String image) throws IOException {
        var tar = Files.createTempFile(dir, "image-", ".tar");
        try {
            check(Commands.run(List.of("docker", "save", "-o", tar.toString(), image)));
            check(docker("load", "-i", tar.toString()));
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /** Stops dockerd (SIGTERM: it stops its containers and its containerd), forcibly if it hangs. */
    @Override
    public void close() throws InterruptedException {
        if (dockerd.isAlive()) {
            dockerd.destroy();
            if (!dockerd.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                dockerd.destroyForcibly();
                dockerd.waitFor();
            }
        }
        // A dockerd killed outright leaves its containerd running; that one is ours too.
        containerdPid().flatMap(ProcessHandle::of).ifPresent(containerd -> {
            containerd.destroy();
            containerd.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> {
                containerd.destroyForcibly();
                return null;
            }).join();
        });
        // dockerd leaves its default network namespace mounted under the exec root, as the machine's does.
        var netns = execRoot.resolve("netns/default");
        if (Files.exists(netns)) {
            Commands.run(List.of("umount", netns.toString()));
        }
        deleteQuietly(execRoot);
    }

    // Only sockets and pid files are left there once the engine stopped; what cannot go stays for a look.
    private static void deleteQuietly(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // left behind
        }
    }

    private java.util.Optional<Long> containerdPid() {
        var pidFile = execRoot.resolve("containerd/containerd.pid");
        try {
            return Files.isRegularFile(pidFile) ? java.util.Optional.of(Long.parseLong(Files.readString(pidFile).strip())) : java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    private void awaitAnswer(Path log) throws IOException, InterruptedException {
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!dockerd.isAlive()) {
                throw new IllegalStateException("dockerd exited with " + dockerd.exitValue() + ":\n" + tail(log));
            }
            if (docker("version", "--format", "{{.Server.Version}}").succeeded()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dockerd did not answer on " + dockerHost() + " within " + START_TIMEOUT + ":\n" + tail(log));
            }
            Thread.sleep(250);
        }
    }

    private static String tail(Path log) throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static void check(Commands.Output output) {
        if (!output.succeeded()) {
            throw new IllegalStateException(output.toString());
        }
    }

    @Override
    public String toString() {
        return "TlsDockerEngine[" + dockerHost() + ", pid " + dockerd.pid() + "]";
    }
}

package io.horadus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A git remote over ssh for tests: OpenSSH's sshd on 127.0.0.1 and a free port, run as a child
 * process in the foreground with a config of its own (never the system's service or port 22): a host
 * key and one authorized client key, both generated with ssh-keygen, public key authentication only,
 * no PAM. The session runs git-upload-pack from the PATH, so any bare repository under the test's
 * directory is fetchable as {@link #url(Path)}. {@link #close()} stops that sshd by its process.
 */
public final class SshGitServer implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final Process sshd;

    private SshGitServer(Path dir, int port, Process sshd) {
        this.dir = dir;
        this.port = port;
        this.sshd = sshd;
    }

    /** Generates the keys in {@code dir}, starts sshd and returns once it accepts connections. */
    public static SshGitServer start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install Debian's openssh-server (.ci/run does)");
        }
        Files.createDirectories(dir);
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        keygen(dir.resolve("other_host_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        // sshd started as root insists on its privilege separation directory; the package's service would create it.
        if ("root".equals(System.getProperty("user.name"))) {
            Files.createDirectories(Path.of("/run/sshd"));
        }
        var port = LoopbackPorts.free();
        var config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n",
                "ListenAddress 127.0.0.1",
                "Port " + port,
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                // The keys live under target/, whose modes and owners sshd would otherwise judge.
                "StrictModes no",
                "AllowTcpForwarding no",
                "X11Forwarding no",
                "PrintMotd no",
                "LogLevel VERBOSE",
                ""));
        var log = dir.resolve("sshd.log");
        // -D: stay in the foreground as our child; -e: log to stderr (the file) instead of syslog.
        var process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        var server = new SshGitServer(dir, port, process);
        try {
            server.awaitListening(log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The ssh URL of a bare repository on this machine, as the current user. */
    public String url(Path bareRepository) {
        return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + bareRepository.toAbsolutePath();
    }

    /** The client's private key (OpenSSH format): what a release's Secret holds as {@code identity}. */
    public String clientIdentity() {
        return read("client_key");
    }

    /** A known_hosts line for this server's real host key, as {@code ssh-keyscan} would give it. */
    public String knownHosts() {
        return knownHostsLine("host_key.pub");
    }

    /** A known_hosts line naming this server but with another key: what a man in the middle would present. */
    public String wrongKnownHosts() {
        return knownHostsLine("other_host_key.pub");
    }

    /** The server's log (sshd -e), e.g. to see that a fetch really came through it. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    public int port() {
        return port;
    }

    @Override
    public void close() throws InterruptedException {
        if (sshd.isAlive()) {
            sshd.destroy();
            if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
                sshd.destroyForcibly();
                sshd.waitFor();
            }
        }
    }

    private String knownHostsLine(String publicKey) {
        var parts = read(publicKey).strip().split("\\s+");
        return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n";
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void keygen(Path key) {
        var out = Commands.run(null, Map.of(), List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "horadus-test",
                "-f", key.toString()), Duration.ofSeconds(30));
        if (!out.succeeded()) {
            throw new IllegalStateException(out.toString());
        }
    }

    private void awaitListening(Path log) throws IOException, InterruptedException {
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.readString(log).contains("Server listening on 127.0.0.1 port " + port)) {
            if (!sshd.isAlive()) {
                throw new IllegalStateException("sshd exited with " + sshd.exitValue() + ":\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sshd not listening on port " + port + " within " + START_TIMEOUT + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    @Override
    public String toString() {
        return "SshGitServer[127.0.0.1:" + port + ", pid " + sshd.pid() + "]";
    }
}

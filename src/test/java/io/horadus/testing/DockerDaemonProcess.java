package io.horadus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One dockerd of a test's own, never the machine's engine: its data root and log under the test's
 * directory, its exec root and pid file in a run directory under /tmp. The exec root holds unix sockets
 * named by 64-hex ids (libnetwork), too long for sun_path under a deep build directory, hence /tmp.
 * Given no {@code --containerd}, Debian's dockerd starts a containerd of its own under the exec root;
 * like the machine's engine it runs without a bridge or iptables rules, so it touches nothing of the
 * network. Only the processes it started are ever signalled, by their PID.
 */
final class DockerDaemonProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path runDir;
    private final String host;
    private final List<String> serverOptions;
    private final List<String> clientOptions;
    // Read unlocked by toString, which must not wait for a start in progress.
    private volatile Process dockerd;

    /**
     * @param dir           the test's directory: data root and log, kept for a look
     * @param runDir        a short directory under /tmp, removed by {@link #cleanUp}
     * @param host          where dockerd listens ({@code -H}) and the CLI connects
     * @param serverOptions further dockerd options (TLS)
     * @param clientOptions further docker CLI options (TLS) before the command
     */
    DockerDaemonProcess(Path dir, Path runDir, String host, List<String> serverOptions, List<String> clientOptions) {
        this.dir = dir;
        this.runDir = runDir;
        this.host = host;
        this.serverOptions = List.copyOf(serverOptions);
        this.clientOptions = List.copyOf(clientOptions);
    }

    String host() {
        return host;
    }

    /** Starts dockerd (again, on the same roots) and returns once it answers. */
    synchronized void start() throws IOException, InterruptedException {
        if (running()) {
            throw new IllegalStateException("dockerd runs already: " + this);
        }
        var argv = new ArrayList<>(List.of("dockerd",
                "--bridge=none", "--iptables=false", "--ip-masq=false",
                "-H", host,
                "--data-root", Files.createDirectories(dir.resolve("data")).toString(),
                "--exec-root", runDir.resolve("exec").toString(),
                "--pidfile", runDir.resolve("dockerd.pid").toString()));
        argv.addAll(serverOptions);
        // Appended, so that a restart keeps what the earlier run logged.
        dockerd = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        awaitAnswer();
    }

    /**
     * The first start, for an engine's factory: one that fails leaves no dockerd, containerd or run
     * directory behind (the test gets no engine to close), only the log and data root for a look.
     */
    synchronized void startOrCleanUp(Duration stopTimeout) throws IOException, InterruptedException {
        try {
            start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                stop(stopTimeout);
            } finally {
                cleanUp();
            }
            throw e;
        }
    }

    synchronized boolean running() {
        return dockerd != null && dockerd.isAlive();
    }

    /**
     * SIGTERM, as systemd stops the engine (it stops its containers, then its containerd); false if it
     * still runs after {@code timeout}.
     */
    synchronized boolean stop(Duration timeout) throws InterruptedException {
        if (!running()) {
            return true;
        }
        dockerd.destroy();
        return dockerd.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
    }

    /**
     * Kills what is left of the engine and removes the run directory: the data root stays. Meant for
     * after {@link #stop}; a dockerd still running is killed outright.
     */
    synchronized void cleanUp() throws InterruptedException {
        if (running()) {
            dockerd.destroyForcibly();
            dockerd.waitFor();
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
        var netns = runDir.resolve("exec/netns/default");
        if (Files.exists(netns)) {
            Commands.run(List.of("umount", netns.toString()));
        }
        deleteQuietly(runDir);
    }

    /** The docker CLI against this engine; never the machine's. */
    Commands.Output docker(String... args) {
        var argv = new ArrayList<>(List.of("docker", "--host", host));
        argv.addAll(clientOptions);
        argv.addAll(List.of(args));
        return Commands.run(null, Map.of(), argv, Commands.DEFAULT_TIMEOUT);
    }

    /** Copies an image of the machine's engine into this one (docker save, docker load): nothing is pulled. */
    void copyImage(String image) throws IOException {
        var tar = Files.createTempFile(dir, "image-", ".tar");
        try {
            check(Commands.run(List.of("docker", "save", "-o", tar.toString(), image)));
            check(docker("load", "-i", tar.toString()));
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    private Path log() {
        return dir.resolve("dockerd.log");
    }

    private Optional<Long> containerdPid() {
        var pidFile = runDir.resolve("exec/containerd/containerd.pid");
        try {
            return Files.isRegularFile(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void awaitAnswer() throws IOException, InterruptedException {
        var deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            if (!dockerd.isAlive()) {
                throw new IllegalStateException("dockerd exited with " + dockerd.exitValue() + ":\n" + tail());
            }
            if (docker("version", "--format", "{{.Server.Version}}").succeeded()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("dockerd did not answer on " + host + " within " + START_TIMEOUT + ":\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    private String tail() throws IOException {
        var lines = Files.readAllLines(log());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    // Only sockets and pid files are left there once the engine stopped; what cannot go stays for a look.
    private static void deleteQuietly(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
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

    private static void check(Commands.Output output) {
        if (!output.succeeded()) {
            throw new IllegalStateException(output.toString());
        }
    }

    @Override
    public String toString() {
        var dockerd = this.dockerd;
        return host + (dockerd == null ? "" : ", pid " + dockerd.pid());
    }
}

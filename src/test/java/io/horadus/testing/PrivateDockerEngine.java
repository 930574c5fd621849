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
 * A Docker engine of the test's own, to stop and start again: a test must never restart the machine's
 * engine ({@code /var/run/docker.sock}), which other tests and people use. dockerd listens on a unix
 * socket in a short directory of its own under /tmp, with its own data root, exec root and pid file,
 * and starts its own containerd under the exec root (Debian's dockerd does when given no
 * {@code --containerd}); like the machine's engine it runs without a bridge or iptables rules, so it
 * touches nothing of the network. {@link #stop} is the engine's own shutdown (SIGTERM to the dockerd
 * this object started: it stops its containers, then its containerd, then exits), {@link #start}
 * brings it back on the same directories, with the containers, images and volumes it had.
 * {@link #close} removes every container and volume it holds and stops it for good. Only the processes
 * it started are ever signalled, by their PID.
 */
public final class PrivateDockerEngine implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Path runDir;
    private final Path dataRoot;
    private final Path log;
    private Process dockerd;

    private PrivateDockerEngine(Path runDir, Path dataRoot, Path log) {
        this.runDir = runDir;
        this.dataRoot = dataRoot;
        this.log = log;
    }

    /**
     * Starts an engine whose images and volumes live under {@code dir} (with its log, kept for a look);
     * its socket and exec root go in a directory of their own under /tmp (a unix socket's path is short).
     */
    public static PrivateDockerEngine start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        var engine = new PrivateDockerEngine(Files.createTempDirectory(Path.of("/tmp"), "hpd-"),
                Files.createDirectories(dir.resolve("data")), dir.resolve("dockerd.log"));
        try {
            engine.start();
        } catch (IOException | InterruptedException | RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** {@code unix:///tmp/hpd-.../docker.sock}: what spec.target.dockerHost names. */
    public String dockerHost() {
        return "unix://" + runDir.resolve("docker.sock");
    }

    /** Starts dockerd (again, on the same directories) and returns once it answers. */
    public synchronized void start() throws IOException, InterruptedException {
        if (dockerd != null && dockerd.isAlive()) {
            throw new IllegalStateException("dockerd runs already: " + this);
        }
        var execRoot = runDir.resolve("exec");
        var argv = List.of("dockerd",
                "--bridge=none", "--iptables=false", "--ip-masq=false",
                "-H", dockerHost(),
                "--data-root", dataRoot.toString(),
                "--exec-root", execRoot.toString(),
                "--pidfile", runDir.resolve("dockerd.pid").toString());
        dockerd = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitAnswer();
    }

    /**
     * The engine's shutdown, as systemd stops it: SIGTERM to dockerd, then wait until it exited (it
     * stops its containers first; those without a restart policy stay stopped when it starts again).
     */
    public synchronized void stop() throws InterruptedException {
        if (dockerd == null || !dockerd.isAlive()) {
            return;
        }
        dockerd.destroy();
        if (!dockerd.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("dockerd did not stop within " + STOP_TIMEOUT + ": " + this);
        }
    }

    public synchronized boolean running() {
        return dockerd != null && dockerd.isAlive();
    }

    /** The docker CLI against this engine; never the machine's. */
    public Commands.Output docker(String... args) {
        var argv = new ArrayList<>(List.of("docker", "--host", dockerHost()));
        argv.addAll(List.of(args));
        return Commands.run(null, Map.of(), argv, Commands.DEFAULT_TIMEOUT);
    }

    /** Copies an image of the machine's engine into this one (docker save, docker load): nothing is pulled. */
    public void copyImage(String image) throws IOException {
        var tar = Files.createTempFile(dataRoot.getParent(), "image-", ".tar");
        try {
            check(Commands.run(List.of("docker", "save", "-o", tar.toString(), image)));
            check(docker("load", "-i", tar.toString()));
        } finally {
            Files.deleteIfExists(tar);
        }
    }

    /**
     * Removes every container and volume of this engine, stops it (forcibly if it hangs), and its
     * containerd if a forced stop left that behind; the run directory goes, the data root stays for a look.
     */
    @Override
    public synchronized void close() throws InterruptedException {
        try {
            if (running()) {
                var containers = docker("ps", "-aq").output().lines().filter(l -> !l.isBlank()).toList();
                if (!containers.isEmpty()) {
                    var argv = new ArrayList<>(List.of("rm", "-f", "-v"));
                    argv.addAll(containers);
                    docker(argv.toArray(String[]::new));
                }
                docker("volume", "prune", "-f");
                stop();
            }
        } catch (RuntimeException e) {
            System.err.println("private engine clean-up: " + e);
        } finally {
            if (dockerd != null && dockerd.isAlive()) {
                dockerd.destroyForcibly();
                dockerd.waitFor();
            }
            containerdPid().flatMap(ProcessHandle::of).ifPresent(containerd -> {
                containerd.destroy();
                containerd.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> {
                    containerd.destroyForcibly();
                    return null;
                }).join();
            });
            // dockerd leaves its default network namespace mounted under the exec root.
            var netns = runDir.resolve("exec/netns/default");
            if (Files.exists(netns)) {
                Commands.run(List.of("umount", netns.toString()));
            }
            deleteQuietly(runDir);
        }
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
                throw new IllegalStateException("dockerd did not answer on " + dockerHost() + " within " + START_TIMEOUT + ":\n" + tail());
            }
            Thread.sleep(200);
        }
    }

    private String tail() throws IOException {
        var lines = Files.readAllLines(log);
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
        return "PrivateDockerEngine[" + dockerHost() + (dockerd == null ? "" : ", pid " + dockerd.pid()) + "]";
    }
}

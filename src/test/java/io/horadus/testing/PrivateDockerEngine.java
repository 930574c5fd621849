package io.horadus.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Docker engine of the test's own, to stop and start again: a test must never restart the machine's
 * engine ({@code /var/run/docker.sock}), which other tests and people use. dockerd
 * ({@link DockerDaemonProcess}) listens on a unix socket in its short run directory under /tmp.
 * {@link #stop} is the engine's own shutdown (SIGTERM to the dockerd this object started: it stops its
 * containers, then its containerd, then exits), {@link #start} brings it back on the same directories,
 * with the containers, images and volumes it had. {@link #close} removes every container and volume it
 * holds and stops it for good.
 */
public final class PrivateDockerEngine implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final DockerDaemonProcess dockerd;

    private PrivateDockerEngine(DockerDaemonProcess dockerd) {
        this.dockerd = dockerd;
    }

    /**
     * Starts an engine whose images and volumes live under {@code dir} (with its log, kept for a look);
     * its socket and exec root go in a directory of their own under /tmp (a unix socket's path is short).
     */
    public static PrivateDockerEngine start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        var runDir = Files.createTempDirectory(Path.of("/tmp"), "hpd-");
        var dockerd = new DockerDaemonProcess(dir, runDir, "unix://" + runDir.resolve("docker.sock"), List.of(), List.of());
        dockerd.startOrCleanUp(STOP_TIMEOUT);
        return new PrivateDockerEngine(dockerd);
    }

    /** {@code unix:///tmp/hpd-.../docker.sock}: what spec.target.dockerHost names. */
    public String dockerHost() {
        return dockerd.host();
    }

    /** Starts dockerd (again, on the same directories) and returns once it answers. */
    public synchronized void start() throws IOException, InterruptedException {
        dockerd.start();
    }

    /**
     * The engine's shutdown, as systemd stops it: SIGTERM to dockerd, then wait until it exited (it
     * stops its containers first; those without a restart policy stay stopped when it starts again).
     */
    public synchronized void stop() throws InterruptedException {
        if (!dockerd.stop(STOP_TIMEOUT)) {
            throw new IllegalStateException("dockerd did not stop within " + STOP_TIMEOUT + ": " + this);
        }
    }

    public synchronized boolean running() {
        return dockerd.running();
    }

    /** The docker CLI against this engine; never the machine's. */
    public Commands.Output docker(String... args) {
        return dockerd.docker(args);
    }

    /** Copies an image of the machine's engine into this one (docker save, docker load): nothing is pulled. */
    public void copyImage(String image) throws IOException {
        dockerd.copyImage(image);
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
            dockerd.cleanUp();
        }
    }

    @Override
    public String toString() {
        return "PrivateDockerEngine[" + dockerd + "]";
    }
}

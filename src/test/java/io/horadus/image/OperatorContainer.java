package io.horadus.image;

import io.horadus.testing.Commands;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The operator image run as manifests/base/deployment.yaml runs it ({@link DeploymentManifest}): its user,
 * a read-only root filesystem with the emptyDirs as tmpfs, no capabilities, no privilege escalation,
 * its memory limit, and the host's Docker socket with the socket's group added (what the manifest's
 * supplementalGroups stands for on a node). On the host network, so it reaches an API server and the
 * apps on loopback.
 */
final class OperatorContainer implements AutoCloseable {

    static final Path DOCKER_SOCKET = Path.of("/var/run/docker.sock");
    private static final String KUBECONFIG = "/etc/horadus/kubeconfig";

    /**
     * @param kubeconfig     mounted read-only; names the API server
     * @param samePathMounts host directories mounted read-only at their own path (git remotes named by file URLs)
     * @param emptyDirs      where the manifest's emptyDir volumes are made
     * @param httpPort       the operator's health and metrics port on 127.0.0.1
     */
    record Settings(DeploymentManifest manifest, Path kubeconfig, List<Path> samePathMounts, Path emptyDirs, int httpPort) {
    }

    private final String name;
    private final Settings settings;
    private final Path log;

    private OperatorContainer(String name, Settings settings, Path log) {
        this.name = name;
        this.settings = settings;
        this.log = log;
    }

    /** Starts the container and returns once the operator's readiness endpoint answers. */
    static OperatorContainer start(Settings settings, Path log) throws Exception {
        var container = new OperatorContainer("horadus-image-it-" + UUID.randomUUID().toString().substring(0, 8), settings, log);
        var run = Commands.run(container.runArgv());
        if (!run.succeeded()) {
            throw new IllegalStateException("docker run failed: " + run);
        }
        try {
            container.awaitReady();
        } catch (Exception | AssertionError notReady) {
            // Not handed to the test, so nothing else would remove it: keep its log and remove it here.
            container.close();
            throw notReady;
        }
        return container;
    }

    /** Runs a command in the container as its user, e.g. {@code id -u}; stdout and stderr. */
    Commands.Output exec(String... argv) {
        var command = new ArrayList<>(List.of("docker", "exec", name));
        command.addAll(List.of(argv));
        return Commands.run(command);
    }

    /** The resident set of the container's JVM in KiB, as ps sees it from the host. */
    long javaRssKib() {
        // docker top needs the pid column to map processes into the container.
        var top = Commands.run(List.of("docker", "top", name, "-o", "pid,rss,comm"));
        return top.output().lines().map(String::strip)
                .filter(line -> line.endsWith(" java"))
                .mapToLong(line -> Long.parseLong(line.split("\\s+")[1]))
                .findFirst().orElseThrow(() -> new IllegalStateException("no java process in " + name + ": " + top));
    }

    /** The container's memory use as docker stats reports it (cache excluded), e.g. "150MiB / 256MiB". */
    String memoryUsage() {
        return Commands.run(List.of("docker", "stats", "--no-stream", "--format", "{{.MemUsage}}", name)).output().strip();
    }

    /** The operator's log so far (stdout and stderr). */
    String logs() {
        return Commands.run(List.of("docker", "logs", name)).output();
    }

    /** Keeps the operator's log, then removes the container (it is this test's own, by name). */
    @Override
    public void close() throws IOException {
        Files.createDirectories(log.getParent());
        Files.writeString(log, logs());
        Commands.run(List.of("docker", "rm", "-f", name));
    }

    private List<String> runArgv() throws IOException {
        var manifest = settings.manifest();
        int socketGroup = (Integer) Files.getAttribute(DOCKER_SOCKET, "unix:gid");
        var argv = new ArrayList<>(List.of("docker", "run", "--detach", "--name", name,
                "--network", "host",
                "--user", manifest.runAsUser() + ":" + manifest.runAsGroup(),
                "--group-add", Integer.toString(socketGroup),
                // Kubernetes has no swap: the limit is all the memory there is.
                "--memory", Long.toString(manifest.memoryLimitBytes()),
                "--memory-swap", Long.toString(manifest.memoryLimitBytes()),
                "--volume", DOCKER_SOCKET + ":" + DOCKER_SOCKET,
                "--volume", settings.kubeconfig() + ":" + KUBECONFIG + ":ro",
                "--env", "KUBECONFIG=" + KUBECONFIG,
                "--env", "QUARKUS_HTTP_HOST=127.0.0.1",
                "--env", "QUARKUS_HTTP_PORT=" + settings.httpPort(),
                "--env", "QUARKUS_LOG_CATEGORY__IO_HORADUS__LEVEL=DEBUG",
                // One replica without a Lease: the v1.36 CRD server has no coordination or authorization
                // API (LeaderElectionIT proves the Deployment's leader election on kube-apiserver v1.20).
                "--env", "QUARKUS_PROFILE=single"));
        if (manifest.readOnlyRootFilesystem()) {
            argv.add("--read-only");
        }
        for (var path : manifest.emptyDirMounts()) {
            // What the kubelet makes an emptyDir: a new host directory, mode 0777, owned by root.
            // (docker's --tmpfs would take the mode of the image's directory instead.)
            var dir = Files.createDirectories(settings.emptyDirs().resolve(path.replaceAll("[^A-Za-z0-9]+", "_")));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            argv.addAll(List.of("--volume", dir + ":" + path));
        }
        if (!manifest.allowPrivilegeEscalation()) {
            argv.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        for (var capability : manifest.droppedCapabilities()) {
            argv.addAll(List.of("--cap-drop", capability));
        }
        for (var dir : settings.samePathMounts()) {
            argv.addAll(List.of("--volume", dir + ":" + dir + ":ro"));
        }
        argv.add(manifest.image());
        argv.addAll(manifest.args());
        return argv;
    }

    private void awaitReady() throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var ready = URI.create("http://127.0.0.1:" + settings.httpPort() + "/q/health/ready");
        var deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline)) {
            var state = Commands.run(List.of("docker", "inspect", "-f", "{{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}", name));
            if (!state.output().startsWith("true")) {
                throw new IllegalStateException("operator container stopped (running, exit code, OOM killed: " + state.output().strip()
                        + "):\n" + Commands.run(List.of("docker", "logs", name)).output());
            }
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("operator container not ready within 120 s:\n" + Commands.run(List.of("docker", "logs", name)).output());
    }
}

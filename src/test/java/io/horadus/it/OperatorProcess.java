package io.horadus.it;

import io.horadus.testing.LoopbackPorts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged operator (target/quarkus-app) run as its own JVM against a cluster reached through a
 * kubeconfig, the way it runs in production; a test can stop it gently or kill it (SIGKILL) in the
 * middle of a step, and read its log and metrics.
 */
final class OperatorProcess implements AutoCloseable {

    private final ClusterAccess access;
    private final Path workDir;
    private final Path logDir;
    private final Map<String, String> settings;
    private final List<String> extraJvmFlags;
    private Process process;
    private Path log;
    private int httpPort;
    private int starts;

    /** settings: extra configuration properties (e.g. horadus.leader-election.*), passed as -D options. */
    OperatorProcess(ClusterAccess access, Path workDir, Path logDir, Map<String, String> settings) {
        this(access, workDir, logDir, settings, List.of());
    }

    /** @param extraJvmFlags added after the production flags of image/jvm.options, e.g. for diagnostics */
    OperatorProcess(ClusterAccess access, Path workDir, Path logDir, Map<String, String> settings, List<String> extraJvmFlags) {
        this.access = access;
        this.workDir = workDir;
        this.logDir = logDir;
        this.settings = Map.copyOf(settings);
        this.extraJvmFlags = List.copyOf(extraJvmFlags);
    }

    /** Starts the operator and returns once its readiness endpoint answers. */
    OperatorProcess start() throws Exception {
        Files.createDirectories(logDir);
        httpPort = LoopbackPorts.free();
        var jar = Path.of(System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar"));
        var jvmOptions = Path.of(System.getProperty("operator.jvm-options", "image/jvm.options")).toAbsolutePath();
        if (!Files.isRegularFile(jvmOptions)) {
            throw new IllegalStateException("no JVM options file at " + jvmOptions);
        }
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "@" + jvmOptions));
        command.addAll(extraJvmFlags);
        command.addAll(List.of(
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dhoradus.work-dir=" + workDir,
                "-Dquarkus.log.category.\"io.horadus\".level=DEBUG",
                "-Djava.io.tmpdir=" + workDir.resolve("tmp")));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", jar.toString(), "operator"));
        Files.createDirectories(workDir.resolve("tmp"));
        log = logDir.resolve("operator-" + (++starts) + ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("DOCKER_") || k.equals("HOSTNAME"));
        builder.environment().put("KUBECONFIG", access.writeKubeconfig(workDir.resolve("kubeconfig")).toString());
        // As the container image sets it (see image/jvm.options).
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        process = builder.start();
        awaitReady(httpPort, log);
        return this;
    }

    /** SIGKILL: no shutdown hooks, no chance to finish the step; children (compose) are left as they are. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /**
     * SIGKILL of the JVM and every process it started (compose, git), as the kubelet kills a pod's
     * container whole; containers the Docker engine runs for it (a migration run) go on.
     */
    void killWithChildren() throws InterruptedException {
        var children = process.descendants().toList();
        process.destroyForcibly();
        process.waitFor();
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGTERM, as Kubernetes stops a pod, without waiting for the process to end. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end; true if it did within the time. */
    boolean awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The log of the latest start. */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** Its last 60 lines, for a failure message. */
    String logTail() throws IOException {
        var lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** The operator JVM's process id, e.g. to read /proc/<pid>/status. */
    long pid() {
        return process.pid();
    }

    /** The operator's own HTTP port on 127.0.0.1 (health, metrics). */
    int httpPort() {
        return httpPort;
    }

    /** The Prometheus text of /q/metrics. */
    String metrics() throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }

    /** The exit code of a process that has ended. */
    int exitValue() {
        return process.exitValue();
    }

    /** A health endpoint's answer: 200 with status UP, 503 with DOWN. */
    record Health(int code, String body) {
    }

    /** GET /q/health/{ready,live}. */
    Health health(String which) throws IOException, InterruptedException {
        var response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/" + which)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Health(response.statusCode(), response.body());
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    private void awaitReady(int port, Path log) throws Exception {
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("operator exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("operator not ready within 60 s; log: " + log);
    }
}

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

/**
 * The packaged operator (target/quarkus-app) run as its own JVM against the mock cluster, the way it
 * runs in production; a test can stop it gently or kill it (SIGKILL) in the middle of a step.
 */
final class OperatorProcess implements AutoCloseable {

    private final String apiServerUrl;
    private final Path workDir;
    private final Path logDir;
    private Process process;
    private int starts;

    OperatorProcess(String apiServerUrl, Path workDir, Path logDir) {
        this.apiServerUrl = apiServerUrl;
        this.workDir = workDir;
        this.logDir = logDir;
    }

    /** Starts the operator and returns once its readiness endpoint answers. */
    OperatorProcess start() throws Exception {
        Files.createDirectories(logDir);
        int httpPort = LoopbackPorts.free();
        var jar = Path.of(System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar"));
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + httpPort,
                "-Dhoradus.work-dir=" + workDir,
                "-Dquarkus.log.category.\"io.horadus\".level=DEBUG",
                "-Djava.io.tmpdir=" + workDir.resolve("tmp"),
                "-jar", jar.toString()));
        Files.createDirectories(workDir.resolve("tmp"));
        var log = logDir.resolve("operator-" + (++starts) + ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("DOCKER_"));
        builder.environment().put("KUBECONFIG", kubeconfig().toString());
        process = builder.start();
        awaitReady(httpPort, log);
        return this;
    }

    /** SIGKILL: no shutdown hooks, no chance to finish the step; children (compose) are left as they are. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
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

    /** The mock cluster as the current context of a kubeconfig: how the README runs the operator too. */
    private Path kubeconfig() throws IOException {
        var file = workDir.resolve("kubeconfig");
        Files.writeString(file, String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: mock",
                "  cluster:",
                "    server: " + apiServerUrl,
                "contexts:",
                "- name: mock",
                "  context:",
                "    cluster: mock",
                "    namespace: default",
                "    user: test",
                "users:",
                "- name: test",
                "  user: {}",
                "current-context: mock",
                ""));
        return file;
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

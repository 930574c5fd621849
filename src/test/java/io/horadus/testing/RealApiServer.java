package io.horadus.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Kubernetes API server with its own etcd on loopback, started and stopped by the project's
 * scripts in tools/kube-real (which fetch or build the binaries from Debian's packages when needed).
 * Each instance has its own ports and run folder; {@link #close()} stops both processes by PID.
 */
public final class RealApiServer implements AutoCloseable {

    /** Which server: what each can judge is in tools/kube-real/start.sh and docs/operations.md. */
    public enum Kind {
        /** Kubernetes v1.36.4's CRD server: schemas, CEL and its cost budget, defaults, columns, status, SSA. No core API. */
        CRD_V1_36("crd"),
        /** kube-apiserver v1.20.2: RBAC, ServiceAccounts and their tokens, Secrets, Events, Leases. */
        KUBE_V1_20("kube");

        private final String script;

        Kind(String script) {
            this.script = script;
        }
    }

    public static final String CRD_NAME = "horadusreleases.horadus.io";

    private static final Path TOOLS = Path.of(System.getProperty("project.dir", ".")).resolve("tools").resolve("kube-real").toAbsolutePath();
    /** The first start on a machine without the binaries builds them from Debian's packages: minutes, not seconds. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(30);
    private static final int START_ATTEMPTS = 3;

    private final Kind kind;
    private final Path runDir;
    private KubernetesClient client;

    private RealApiServer(Kind kind, Path runDir) {
        this.kind = kind;
        this.runDir = runDir;
    }

    public static RealApiServer start(Kind kind, Path runDir) {
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // A port picked free can be taken by another process before the server binds it: try again
        // with new ports, as the bind error says nothing about the server itself.
        for (int attempt = 1; ; attempt++) {
            var server = new RealApiServer(kind, runDir.toAbsolutePath());
            var ports = LoopbackPorts.distinct(3);
            var started = Commands.run(null, Map.of(), List.of(TOOLS.resolve("start.sh").toString(), kind.script, server.runDir.toString(),
                    String.valueOf(ports.get(0)), String.valueOf(ports.get(1)), String.valueOf(ports.get(2))), START_TIMEOUT);
            if (started.succeeded()) {
                return server;
            }
            server.close();
            if (attempt == START_ATTEMPTS || !started.output().contains("address already in use")) {
                throw new IllegalStateException("the " + kind + " API server did not start: " + started);
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    /** An admin kubeconfig (group system:masters) with the server's CA. */
    public Path kubeconfig() {
        return runDir.resolve("kubeconfig");
    }

    public Path runDir() {
        return runDir;
    }

    public synchronized KubernetesClient adminClient() {
        if (client == null) {
            try {
                client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig()))).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return client;
    }

    /** Runs kubectl against this server as the admin; the output holds stdout and stderr together. */
    public Commands.Output kubectl(String... args) {
        var argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig().toString()));
        argv.addAll(List.of(args));
        return Commands.run(null, Map.of(), argv, Commands.DEFAULT_TIMEOUT);
    }

    /** kubectl with a succeeded-or-fail check: for set-up steps whose failure means the test cannot run. */
    public String kubectlOrFail(String... args) {
        var output = kubectl(args);
        if (!output.succeeded()) {
            throw new IllegalStateException(output.toString());
        }
        return output.output();
    }

    /** `kubectl apply -f crds/` as the README says, then waits until the CRD is Established. */
    public void installCrd() {
        var crds = Path.of(System.getProperty("crd.dir", "crds")).toAbsolutePath().toString();
        kubectlOrFail("apply", "-f", crds);
        var established = waitEstablished();
        if (!established.succeeded()) {
            throw new IllegalStateException(established.toString());
        }
    }

    /**
     * `kubectl wait --for=condition=Established` on the CRD. Right after an apply the CRD may have no
     * status.conditions yet, and kubectl then fails at once ("accessor error: <nil>") instead of
     * waiting: that answer is retried, any other is returned.
     */
    public Commands.Output waitEstablished() {
        var deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var output = kubectl("wait", "--for=condition=Established", "--timeout=60s", "crd/" + CRD_NAME);
            if (output.succeeded() || !output.output().contains("accessor error") || System.nanoTime() > deadline) {
                return output;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return output;
            }
        }
    }

    /**
     * Stops the API server and etcd (by PID, as {@link #close()}) but keeps etcd's data, the PKI and
     * the ports, for {@link #startAgain()}: an API server restarted in place, etcd with it.
     */
    public void stopKeepingData() {
        var stopped = Commands.run(List.of(TOOLS.resolve("stop.sh").toString(), runDir.toString(), "--keep-data"));
        if (!stopped.succeeded()) {
            throw new IllegalStateException("could not stop the API server: " + stopped);
        }
    }

    /** Starts the server stopped by {@link #stopKeepingData()} again on the same ports, with the same data and credentials. */
    public void startAgain() {
        var started = Commands.run(null, Map.of(), List.of(TOOLS.resolve("start.sh").toString(), "again", runDir.toString()), START_TIMEOUT);
        if (!started.succeeded()) {
            throw new IllegalStateException("the " + kind + " API server did not start again: " + started);
        }
    }

    /** The server's own port on 127.0.0.1 (the same across {@link #startAgain()}). */
    public int port() {
        try {
            return Files.readAllLines(runDir.resolve("ports")).stream().filter(line -> line.startsWith("api="))
                    .map(line -> Integer.parseInt(line.substring(4))).findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        var stopped = Commands.run(List.of(TOOLS.resolve("stop.sh").toString(), runDir.toString()));
        if (!stopped.succeeded()) {
            throw new IllegalStateException("could not stop the API server: " + stopped);
        }
    }
}

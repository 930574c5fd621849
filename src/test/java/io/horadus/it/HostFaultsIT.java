package io.horadus.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import io.horadus.testing.HoradusProcess;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults of the machine the release runs from, each on real parts and driven through the packaged
 * {@code horadus} command line ({@link HoradusProcess}: the engine and driver the operator runs, state in
 * files, no API server), against the machine's Docker engine with compose v1: a work directory whose disk
 * fills during the checkout, a git remote that never answers and one that answers slowly, a compose binary
 * that hangs. Each ends with nothing lost (the previous version serving, each migration run once) and the
 * release where it should be. The Docker engine restarted under a release is {@link DockerEngineRestartIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostFaultsIT {

    private static final Duration RELEASE = Duration.ofMinutes(4);
    private static final Duration QUICK = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path scratch;
    private final String run = UUID.randomUUID().toString().substring(0, 6);
    private final List<Runnable> cleanups = new CopyOnWriteArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", "HostFaultsIT-" + run)).toAbsolutePath();
    }

    @AfterAll
    void cleanUp() {
        // Last added, first run: a mount goes after what was written on it.
        for (int i = cleanups.size() - 1; i >= 0; i--) {
            try {
                cleanups.get(i).run();
            } catch (RuntimeException e) {
                System.err.println("clean-up failed: " + e);
            }
        }
    }

    // 1 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("work directory's disk full during v1.1.0's checkout: WorkDirFull naming the directory, nothing run, v1.0.0 serves, "
            + "no partial tree left; once space is freed the next apply releases v1.1.0, each migration once")
    void diskFullDuringTheCheckout() throws Exception {
        var name = name("disk");
        var port = LoopbackPorts.free();
        var horadus = horadus(name);
        var work = Files.createDirectories(horadus.stateDir().resolve("work"));
        mountTmpfs(work, "24m");
        var git = GitFixture.create(scratch.resolve("git-" + name));
        var v100 = SampleApp.Variant.ok("v1.0.0", port);
        var v110 = SampleApp.Variant.ok("v1.1.0", port);
        git.commit(SampleApp.files(v100), "v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nNotes for v1.0.0.");
        // 6 MiB of text that packs into a few KiB: the fetch fits, the checkout does not.
        var files = new HashMap<>(SampleApp.files(v110));
        files.put("data/fixtures.txt", "0123456789abcdef\n".repeat(6 * 1024 * 1024 / 17));
        git.commit(files, "v1.1.0 with its fixtures");
        git.annotatedTag("v1.1.0", "Release v1.1.0\n\nNotes for v1.1.0.");
        assertThat(horadus.run(RELEASE, "apply", "-f", write(name + "-1.yaml", sampleYaml(name, "v1.0.0", git.url(), port)).toString()).exitCode())
                .isEqualTo(0);
        // Something else filled the disk: less room than v1.1.0's files need.
        var filler = work.resolve("filler");
        fill(filler, Files.getFileStore(work).getUsableSpace() - 4 * 1024 * 1024);

        var full = horadus.run(RELEASE, "apply", "-f", write(name + "-2.yaml", sampleYaml(name, "v1.1.0", git.url(), port)).toString(),
                "--timeout", "6s");

        assertThat(full.exitCode()).as("%s", full).isEqualTo(5);
        var ready = condition(state(horadus, name), "Ready").orElseThrow();
        System.out.println("disk full: " + ready);
        assertThat(ready.path("status").asText()).isEqualTo("Unknown");
        assertThat(ready.path("reason").asText()).isEqualTo("WorkDirFull");
        assertThat(ready.path("message").asText()).startsWith("no space left in the work directory " + work.resolve("git") + ": ")
                .contains("tag 'v1.1.0'", "No space left on device");
        assertThat(full.stderr()).contains("no space left in the work directory", "trying again in");
        assertThat(state(horadus, name).path("status").path("currentTag").asText()).isEqualTo("v1.0.0");
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
        assertThat(HostProbe.running(name)).as("nothing of v1.1.0 ran").containsExactly("api " + v100.apiImage("v1.0.0"),
                "beat " + v100.workerImage("v1.0.0"), "worker " + v100.workerImage("v1.0.0"));
        assertThat(HostProbe.traces(name, port)).as("v1.1.0 was never built").noneMatch(line -> line.contains(":v1.1.0"));
        assertThat(MigrationLog.runs(name)).hasSize(1);
        try (var paths = Files.walk(work)) {
            assertThat(paths.map(p -> work.relativize(p).toString()))
                    .as("no half-written checkout holds the space").noneMatch(p -> p.endsWith(".tmp") || p.contains("v1.1.0-"));
        }

        Files.delete(filler);
        var freed = horadus.run(RELEASE, "apply", "-f", write(name + "-2.yaml", sampleYaml(name, "v1.1.0", git.url(), port)).toString());

        assertThat(freed.exitCode()).as("%s", freed).isEqualTo(0);
        var status = state(horadus, name).path("status");
        assertThat(status.path("phase").asText()).isEqualTo("Ready");
        assertThat(status.path("currentTag").asText()).isEqualTo("v1.1.0");
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(MigrationLog.runs(name)).extracting(line -> line.split(" ")[0]).containsExactly("v1.0.0", "v1.1.0");
    }

    // 2 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("a git remote that accepts and never answers: each fetch ends after HORADUS_GIT_TIMEOUT, "
            + "SourceUnreachable naming it, retried, nothing run")
    void silentRemote() throws Exception {
        try (var silent = new SilentServer()) {
            for (var url : List.of("http://127.0.0.1:" + silent.port() + "/horadus.git")) {
                var name = name("silent");
                var port = LoopbackPorts.free();
                var horadus = horadus(name).withEnv("HORADUS_GIT_TIMEOUT", "2s");
                var before = silent.accepted();

                var apply = horadus.run(QUICK, "apply", "-f", write(name + ".yaml", sampleYaml(name, "v1.0.0", url, port)).toString(),
                        "--timeout", "9s");

                assertThat(apply.exitCode()).as("%s", apply).isEqualTo(5);
                var ready = condition(state(horadus, name), "Ready").orElseThrow();
                System.out.println("silent " + url + ": " + ready);
                assertThat(ready.path("status").asText()).isEqualTo("Unknown");
                assertThat(ready.path("reason").asText()).isEqualTo("SourceUnreachable");
                assertThat(ready.path("message").asText()).startsWith("cannot fetch " + url + ": no answer within 2 s (the git timeout)");
                assertThat(apply.stderr().lines().filter(line -> line.startsWith("… cannot fetch " + url)))
                        .as("every fetch ended and was tried again: none holds the release").hasSizeGreaterThanOrEqualTo(2);
                assertThat(silent.accepted() - before).as("one connection per attempt").isGreaterThanOrEqualTo(2);
                assertThat(HostProbe.traces(name, port)).as("nothing ran on the host").isEmpty();
            }
        }
    }

    @Test
    @DisplayName("a git remote that answers slowly (smart HTTP a few bytes at a time, each gap under the timeout, the whole fetch over it): the release completes")
    void slowRemote() throws Exception {
        var name = name("slow");
        var port = LoopbackPorts.free();
        var git = GitFixture.create(scratch.resolve("git-" + name));
        var v100 = SampleApp.Variant.ok("v1.0.0", port);
        git.commit(SampleApp.files(v100), "v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nNotes for v1.0.0.");
        try (var remote = new SmartHttpRemote(git.barePath()); var slow = new TricklingProxy(remote.port(), 128, Duration.ofMillis(150))) {
            var horadus = horadus(name).withEnv("HORADUS_GIT_TIMEOUT", "2s");
            var url = "http://127.0.0.1:" + slow.port() + "/horadus.git";

            var apply = horadus.run(RELEASE, "apply", "-f", write(name + ".yaml", sampleYaml(name, "v1.0.0", url, port)).toString());

            assertThat(apply.exitCode()).as("%s", apply).isEqualTo(0);
            assertThat(apply.stderr()).doesNotContain("trying again");
            System.out.println("slow remote: served the fetch in " + slow.busy() + ", " + slow.relayed() + " bytes sent back");
            assertThat(slow.busy()).as("the remote took longer than the timeout, as a whole").isGreaterThan(Duration.ofSeconds(2));
            assertThat(state(horadus, name).path("status").path("phase").asText()).isEqualTo("Ready");
            assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");
            assertThat(MigrationLog.runs(name)).hasSize(1);
        }
    }

    // 3 ------------------------------------------------------------------------------------------------

    @Test
    @DisplayName("a compose binary whose build of v1.1.0 hangs: killed with its children after HORADUS_COMMAND_TIMEOUT, BuildFailed "
            + "'timed out after', nothing migrated, v1.0.0 serves, nothing of the hung binary left")
    void composeHangs() throws Exception {
        var name = name("hang");
        var port = LoopbackPorts.free();
        var marks = Files.createDirectories(scratch.resolve("marks-" + name));
        var horadus = horadus(name).withEnv("HORADUS_COMPOSE_COMMAND", hanging(marks, "build", "v1.1.0").toString());
        var git = GitFixture.create(scratch.resolve("git-" + name));
        var v100 = SampleApp.Variant.ok("v1.0.0", port);
        var v110 = SampleApp.Variant.ok("v1.1.0", port);
        git.commit(SampleApp.files(v100), "v1.0.0");
        git.annotatedTag("v1.0.0", "Release v1.0.0\n\nNotes for v1.0.0.");
        git.commit(SampleApp.files(v110), "v1.1.0");
        git.annotatedTag("v1.1.0", "Release v1.1.0\n\nNotes for v1.1.0.");
        var first = horadus.run(RELEASE, "apply", "-f", write(name + "-1.yaml", sampleYaml(name, "v1.0.0", git.url(), port)).toString());
        assertThat(first.exitCode()).as("%s", first).isEqualTo(0);

        // The command timeout bounds every compose command: only the upgrade, whose first one hangs, gets a short one.
        var hung = horadus.withEnv("HORADUS_COMMAND_TIMEOUT", "3s").run(RELEASE, "apply", "-f", write(name + "-2.yaml", sampleYaml(name, "v1.1.0", git.url(), port)).toString());

        assertThat(hung.exitCode()).as("%s", hung).isEqualTo(1);
        var release = state(horadus, name);
        var stalled = condition(release, "Stalled").orElseThrow();
        System.out.println("compose hangs: " + stalled);
        assertThat(stalled.path("status").asText()).isEqualTo("True");
        assertThat(stalled.path("reason").asText()).isEqualTo("BuildFailed");
        assertThat(stalled.path("message").asText()).contains("build of api, worker failed with exit code 124", "timed out after 3000 ms",
                "killed " + marks.resolve("compose.sh") + " and its child processes");
        var status = release.path("status");
        assertThat(status.path("phase").asText()).isEqualTo("Failed");
        assertThat(status.path("currentTag").asText()).isEqualTo("v1.0.0");
        assertThat(status.path("lastGoodTag").asText()).isEqualTo("v1.0.0");
        assertThat(status.path("lastCommand").path("exitCode").asInt()).isEqualTo(124);
        assertThat(status.path("rollback").isMissingNode() || status.path("rollback").isNull()).as("nothing to roll back: v1.0.0 never left").isTrue();
        assertThat(HostProbe.get(v100.healthUrl())).as("the hung build changed nothing: v1.0.0 serves").isEqualTo("ok v1.0.0");
        assertThat(HostProbe.running(name)).containsExactly("api " + v100.apiImage("v1.0.0"), "beat " + v100.workerImage("v1.0.0"),
                "worker " + v100.workerImage("v1.0.0"));
        assertThat(MigrationLog.runs(name)).as("v1.1.0's migration never ran").extracting(line -> line.split(" ")[0]).containsExactly("v1.0.0");
        assertThat(HostProbe.traces(name, port)).as("v1.1.0 was never built").noneMatch(line -> line.contains(":v1.1.0"));
        var pids = Files.readAllLines(marks.resolve("pids")).stream().filter(l -> !l.isBlank()).map(Long::parseLong).toList();
        assertThat(pids).as("the hung binary and its sleep").hasSize(2);
        assertThat(pids).as("no process of the hung binary is left").allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    // --------------------------------------------------------------------------------------------------

    /**
     * docker-compose, except its {@code command} ({@code build}, {@code up}) for {@code tag}: the script writes
     * its pid and its child's to {@code marks/pids} and waits on a {@code sleep 3600}, as a compose that never returns.
     */
    private static Path hanging(Path marks, String command, String tag) throws IOException {
        var script = marks.resolve("compose.sh");
        Files.writeString(script, """
                #!/bin/sh
                marks='%s'
                for word in "$@"; do
                  if [ "$word" = '%s' ] && [ "$HORADUS_TAG" = '%s' ]; then
                    sleep 3600 &
                    printf '%%s\\n%%s\\n' "$$" "$!" > "$marks/pids"
                    wait
                    exit 0
                  fi
                done
                exec docker-compose "$@"
                """.formatted(marks, command, tag));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A tmpfs of {@code size} on {@code dir}, unmounted after the class; a refused mount fails the test, never skips it. */
    private void mountTmpfs(Path dir, String size) {
        var mount = Commands.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0700", "tmpfs", dir.toString()));
        assertThat(mount.succeeded()).as("this test needs a small disk of its own: mount -t tmpfs on %s (as root) was refused: %s", dir, mount)
                .isTrue();
        cleanups.add(() -> {
            var umount = Commands.run(List.of("umount", dir.toString()));
            if (!umount.succeeded()) {
                Commands.run(List.of("umount", "-l", dir.toString()));
            }
        });
    }

    /** Writes {@code bytes} of zeros into {@code file}, or as many as fit. */
    private static void fill(Path file, long bytes) throws IOException {
        var block = new byte[1024 * 1024];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < bytes; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, bytes - written));
            }
        }
    }

    private HoradusProcess horadus(String name) {
        return HoradusProcess.of(scratch.resolve("state-" + name), scratch.resolve("logs-" + name));
    }

    private String name(String what) {
        return "hf-" + what + "-" + run;
    }

    private Path write(String file, String content) throws IOException {
        return Files.writeString(scratch.resolve(file), content);
    }

    /** The release as its state file holds it. */
    private static JsonNode state(HoradusProcess horadus, String name) throws IOException {
        return JSON.readTree(horadus.stateDir().resolve("releases").resolve("default").resolve(name + ".json").toFile()).path("release");
    }

    private static Optional<JsonNode> condition(JsonNode release, String type) {
        for (var condition : release.path("status").path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return Optional.of(condition);
            }
        }
        return Optional.empty();
    }

    /** The sample app released as {@code name} (also its compose project), verified at once; its project and images removed after the class. */
    private String sampleYaml(String name, String tag, String url, int port) {
        cleanups.add(() -> HostProbe.cleanUp(name, port));
        return """
                apiVersion: horadus.io/v1alpha1
                kind: HoradusRelease
                metadata:
                  name: %1$s
                  namespace: default
                spec:
                  tag: %2$s
                  source: {url: "%3$s", branch: main}
                  target:
                    project: %1$s
                    composeFiles: [%4$s]
                  rollout:
                    build: [api, worker]
                    migration: {service: migrate, profile: ops}
                    up: [api, worker, beat]
                  verify:
                    healthUrl: http://127.0.0.1:%5$d/health
                    intervalSeconds: 1
                    timeoutSeconds: 30
                    failureThreshold: 2
                    watchSeconds: 0
                  rollback:
                    enabled: true
                    keep: 3
                """.formatted(name, tag, url, SampleApp.COMPOSE_FILE, port);
    }

    /** A loopback TCP server that accepts every connection and never sends a byte (nor closes one until closed). */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final Thread acceptor;

        SilentServer() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                        accepted.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-remote");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (var socket : held) {
                socket.close();
            }
        }
    }

    /**
     * A loopback TCP proxy in front of a real git server: what the client sends goes through at once, what the
     * server answers comes back {@code chunk} bytes at a time, one chunk every {@code gap}: a remote on a slow
     * line that keeps sending.
     */
    private static final class TricklingProxy implements AutoCloseable {
        private final ServerSocket server;
        private final int target;
        private final int chunk;
        private final Duration gap;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final AtomicInteger relayed = new AtomicInteger();
        private volatile long firstAccept;
        private volatile long lastByte;

        TricklingProxy(int target, int chunk, Duration gap) throws IOException {
            this.target = target;
            this.chunk = chunk;
            this.gap = gap;
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            var acceptor = new Thread(this::accept, "trickling-proxy");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        /** From the first connection to the last byte sent back: how long the remote took to serve the fetch. */
        Duration busy() {
            return firstAccept == 0 ? Duration.ZERO : Duration.ofNanos(lastByte - firstAccept);
        }

        int relayed() {
            return relayed.get();
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    var client = server.accept();
                    var upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    sockets.addAll(List.of(client, upstream));
                    if (firstAccept == 0) {
                        firstAccept = System.nanoTime();
                    }
                    daemon(() -> copy(client.getInputStream(), upstream.getOutputStream(), Integer.MAX_VALUE, Duration.ZERO, upstream));
                    daemon(() -> copy(upstream.getInputStream(), client.getOutputStream(), chunk, gap, client));
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void copy(InputStream in, OutputStream out, int most, Duration pause, Socket to) throws IOException {
            var buffer = new byte[Math.min(most, 8192)];
            try (in; out) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    if (!pause.isZero()) {
                        sleep(pause);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    if (!pause.isZero()) {
                        relayed.addAndGet(n);
                        lastByte = System.nanoTime();
                    }
                }
            } catch (IOException e) {
                // one side went away: the other follows
            } finally {
                to.close();
            }
        }

        private static void sleep(Duration pause) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private interface Relay {
            void run() throws IOException;
        }

        private static void daemon(Relay relay) {
            var thread = new Thread(() -> {
                try {
                    relay.run();
                } catch (IOException e) {
                    // the connection ended
                }
            }, "trickling-relay");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (var socket : sockets) {
                socket.close();
            }
        }
    }

    /**
     * A git remote on smart HTTP (protocol v0), as a git host serves one: JGit's {@link UploadPack} behind the
     * JDK's HTTP server, on loopback, for one bare repository whatever the path.
     */
    private static final class SmartHttpRemote implements AutoCloseable {
        private final HttpServer server;

        SmartHttpRemote(Path bare) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                try (exchange; var repository = new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build()) {
                    var pack = new UploadPack(repository);
                    pack.setBiDirectionalPipe(false);
                    var path = exchange.getRequestURI().getPath();
                    if (exchange.getRequestMethod().equals("GET") && path.endsWith("/info/refs")) {
                        exchange.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-advertisement");
                        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                        exchange.sendResponseHeaders(200, 0);
                        var out = new PacketLineOut(exchange.getResponseBody());
                        out.writeString("# service=git-upload-pack\n");
                        out.end();
                        pack.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out));
                    } else if (exchange.getRequestMethod().equals("POST") && path.endsWith("/git-upload-pack")) {
                        InputStream in = exchange.getRequestBody();
                        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                            in = new GZIPInputStream(in);
                        }
                        exchange.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
                        exchange.sendResponseHeaders(200, 0);
                        pack.upload(in, exchange.getResponseBody(), null);
                    } else {
                        exchange.sendResponseHeaders(404, -1);
                    }
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

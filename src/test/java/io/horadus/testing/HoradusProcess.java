package io.horadus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged {@code horadus} command line ({@code java -jar target/quarkus-app/quarkus-run.jar ARGS}) as a
 * person runs it: its own JVM, a state directory of the test's ({@code HORADUS_STATE}), an environment
 * of the test's on top of this JVM's (without KUBE* and DOCKER_* variables unless the test sets them), stdout
 * and stderr kept in files under {@code logs} so a test can read them while the command still runs.
 */
public final class HoradusProcess {

    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One finished command. */
    public record Result(List<String> args, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "horadus " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** A command started in the background. */
    public final class Running implements AutoCloseable {
        private final List<String> args;
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        private Running(List<String> args, Process process, Path stdout, Path stderr) {
            this.args = args;
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** What it printed on stderr so far. */
        public String stderr() {
            return read(stderr);
        }

        /** What it printed on stdout so far. */
        public String stdout() {
            return read(stdout);
        }

        /** SIGTERM, as Ctrl-C or a service manager stops it. */
        public void terminate() {
            process.destroy();
        }

        /** SIGTERM, then what it left once it ended; fails the test when it still runs {@code bound} after. */
        public Result terminate(Duration bound) throws InterruptedException {
            process.destroy();
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("horadus " + String.join(" ", args) + " still runs " + bound + " after SIGTERM; stderr:\n" + read(stderr));
            }
            return new Result(args, process.exitValue(), read(stdout), read(stderr));
        }

        /** SIGKILL: no shutdown hook, nothing finished; its children (compose) are left as they are. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        /** Waits for it to end; fails the test when it has not within {@code timeout} (and kills it). */
        public Result awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new AssertionError("horadus " + String.join(" ", args) + " did not end within " + timeout + "; stderr so far:\n" + read(stderr));
            }
            return new Result(args, process.exitValue(), read(stdout), read(stderr));
        }

        /** Kills it when still running: a failed test must leave no command behind. */
        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                kill();
            }
        }
    }

    private final Path jar;
    private final Path stateDir;
    private final Path logs;
    private final Map<String, String> env;

    private HoradusProcess(Path jar, Path stateDir, Path logs, Map<String, String> env) {
        this.jar = jar;
        this.stateDir = stateDir;
        this.logs = logs;
        this.env = Map.copyOf(env);
    }

    /** The jar failsafe names (operator.jar), state in {@code stateDir}, compose v1 as on these machines. */
    public static HoradusProcess of(Path stateDir, Path logs) {
        var jar = Path.of(System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no packaged horadus at " + jar + ": run ./mvnw package first");
        }
        return new HoradusProcess(jar, stateDir, logs, Map.of("HORADUS_STATE", stateDir.toString(), "HORADUS_COMPOSE_COMMAND", "docker-compose"));
    }

    /** The same command line with one more environment variable. */
    public HoradusProcess withEnv(String name, String value) {
        var changed = new HashMap<>(env);
        changed.put(name, value);
        return new HoradusProcess(jar, stateDir, logs, changed);
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Runs {@code horadus ARGS} to its end; fails the test when it takes longer than {@code timeout}. */
    public Result run(Duration timeout, String... args) throws InterruptedException {
        try (var running = start(args)) {
            return running.awaitExit(timeout);
        }
    }

    /** Starts {@code horadus ARGS} in the background. */
    public Running start(String... args) {
        var n = RUNS.incrementAndGet();
        var argv = List.of(args);
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(argv);
        try {
            Files.createDirectories(logs);
            var stdout = logs.resolve(n + "-" + (args.length == 0 ? "none" : args[0]) + ".out");
            var stderr = logs.resolve(n + "-" + (args.length == 0 ? "none" : args[0]) + ".err");
            var builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            builder.environment().keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("DOCKER_") || k.startsWith("HORADUS_"));
            builder.environment().putAll(env);
            var process = builder.start();
            process.getOutputStream().close();
            return new Running(argv, process, stdout, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start horadus " + argv, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

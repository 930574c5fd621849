package io.horadus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The packaged {@code horadus} command line run as a person runs it: {@code java -jar quarkus-run.jar ARGS} in
 * a process of its own, its stdout and stderr kept in files of the test (so a long-running agent never blocks
 * on a full pipe and a failed test leaves its output behind). {@link #terminate} sends SIGTERM, as
 * {@code kill PID} or systemd does.
 */
final class AgentProcess implements AutoCloseable {

    /** The packaged application, as ./mvnw package leaves it (the failsafe run packages first). */
    static final Path JAR = Path.of(System.getProperty("operator.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();

    private static final AtomicInteger RUNS = new AtomicInteger();

    /** One command that ran to its end. */
    record Result(List<String> args, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "horadus " + String.join(" ", args) + " -> exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private final List<String> args;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private AgentProcess(List<String> args, Process process, Path stdout, Path stderr) {
        this.args = args;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code horadus ARGS}; its output goes to files under {@code logs}. */
    static AgentProcess start(Path logs, String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: ./mvnw package builds it");
        }
        try {
            Files.createDirectories(logs);
            var name = RUNS.incrementAndGet() + "-" + args[0];
            var out = logs.resolve(name + ".out");
            var err = logs.resolve(name + ".err");
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
            command.addAll(List.of(args));
            var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            // The state is always named on the command line (--state, --dir): nothing of the test's user is used.
            builder.environment().remove("HORADUS_STATE");
            var process = builder.start();
            process.getOutputStream().close();
            return new AgentProcess(List.of(args), process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + JAR, e);
        }
    }

    /** Runs {@code horadus ARGS} to its end; fails the test when it takes longer than {@code timeout}. */
    static Result run(Path logs, Duration timeout, String... args) throws InterruptedException {
        try (var command = start(logs, args)) {
            return command.waitFor(timeout);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** Waits for the end of the command; fails the test when it has not ended within {@code timeout}. */
    Result waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("horadus " + String.join(" ", args) + " did not end within " + timeout + "\n--- stderr\n" + stderr());
        }
        return result();
    }

    /** SIGTERM, then the exit code once the process ended; fails the test when it has not ended within {@code bound}. */
    Result terminate(Duration bound) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("horadus " + String.join(" ", args) + " still runs " + bound + " after SIGTERM\n--- stderr\n" + stderr());
        }
        return result();
    }

    private Result result() {
        return new Result(args, process.exitValue(), stdout(), stderr());
    }

    /** Kills what still runs (a failed test): nothing of it may outlive the test. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

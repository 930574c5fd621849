package io.horadus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a program for a test (an argv, never a shell) and keeps its whole output: docker, compose. */
public final class Commands {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

    /** One finished command; {@code output} is stdout and stderr together. */
    public record Output(List<String> argv, int exitCode, String output, Duration took) {
        public boolean succeeded() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return String.join(" ", argv) + " -> exit " + exitCode + "\n" + output;
        }
    }

    private Commands() {
    }

    public static Output run(List<String> argv) {
        return run(null, Map.of(), argv, DEFAULT_TIMEOUT);
    }

    /** Runs argv in {@code directory} (null: the current one) with extra environment variables. */
    public static Output run(Path directory, Map<String, String> environment, List<String> argv, Duration timeout) {
        var builder = new ProcessBuilder(argv).redirectErrorStream(true);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        try {
            var process = builder.start();
            process.getOutputStream().close();
            // Read on the side: a hung command must still hit the timeout below.
            var output = CompletableFuture.supplyAsync(() -> readAll(process));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeout + ": " + argv);
            }
            return new Output(argv, process.exitValue(), output.get(10, TimeUnit.SECONDS), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + argv, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of " + argv, e);
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

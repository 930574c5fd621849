package io.horadus.compose;

import io.horadus.release.port.CommandResult;
import io.horadus.release.port.HostUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Runs one command as an argument array (never through a shell) with a sanitized environment and
 * reports its exit code and a bounded tail of its combined output. A command that overruns the
 * timeout is killed together with its descendants.
 */
public final class ProcessCommandRunner {

    /** Exit code reported for a command killed on timeout, as GNU timeout(1) does. */
    public static final int TIMED_OUT = 124;

    static final int TAIL_LINES = 20;
    static final int LINE_CHARS = 200;

    // How long a killed process tree gets to exit on SIGTERM before SIGKILL, and how long to wait
    // for the output reader once the process has gone.
    private static final Duration KILL_GRACE = Duration.ofSeconds(3);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(2);

    private final Duration timeout;
    private final Map<String, String> baseEnvironment;

    /** Runs with the operator's own environment as the base. */
    public ProcessCommandRunner(Duration timeout) {
        this(timeout, System.getenv());
    }

    /** @param baseEnvironment the environment commands inherit before sanitizing (tests pass their own) */
    public ProcessCommandRunner(Duration timeout, Map<String, String> baseEnvironment) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        this.timeout = timeout;
        this.baseEnvironment = Map.copyOf(baseEnvironment);
    }

    /**
     * What a command is told about its target. Null fields are left unset.
     *
     * @param dockerHost the endpoint, exported as DOCKER_HOST
     * @param certPath   a directory with ca.pem, cert.pem, key.pem; sets DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH
     * @param tag        exported as HORADUS_TAG
     * @param commit     exported as HORADUS_COMMIT
     * @param projectVariables the project's variables from a Secret, for compose's interpolation
     */
    public record Environment(String dockerHost, Path certPath, String tag, String commit, Map<String, String> projectVariables) {

        /** No target at all, e.g. for {@code docker compose version}. */
        public static final Environment NONE = new Environment(null, null, null, null);

        public Environment {
            projectVariables = projectVariables == null ? Map.of() : Map.copyOf(projectVariables);
        }

        /** A target without variables of its own. */
        public Environment(String dockerHost, Path certPath, String tag, String commit) {
            this(dockerHost, certPath, tag, commit, Map.of());
        }

        @Override
        public String toString() {
            return "Environment[" + dockerHost + ", " + certPath + ", " + tag + ", " + commit + ", variables=" + projectVariables.keySet() + "]";
        }

        Map<String, String> variables() {
            // The project's own variables first: the operator's are set after them and always win.
            Map<String, String> vars = new LinkedHashMap<>(projectVariables);
            if (dockerHost != null) {
                vars.put("DOCKER_HOST", dockerHost);
            }
            if (certPath != null) {
                vars.put("DOCKER_TLS_VERIFY", "1");
                vars.put("DOCKER_CERT_PATH", certPath.toString());
            }
            if (tag != null) {
                vars.put("HORADUS_TAG", tag);
            }
            if (commit != null) {
                vars.put("HORADUS_COMMIT", commit);
            }
            return vars;
        }
    }

    /**
     * CA bundles of Python's requests, on which compose v1 (docker-py) talks to the engine. requests
     * lets either variable override the session's own CA, so docker-py's DOCKER_CERT_PATH/ca.pem was
     * ignored and a TLS engine with a private CA failed every command with CERTIFICATE_VERIFY_FAILED.
     * Hosts and images set them for other tools (the system bundle); compose only ever talks to the
     * engine, whose CA is the release's.
     */
    static final Set<String> REQUESTS_CA_OVERRIDES = Set.of("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE");

    /**
     * The environment a command gets: the base minus every DOCKER_* and COMPOSE_* variable (the
     * operator's own settings must not redirect or reshape a release) and minus the CA bundle
     * overrides of {@link #REQUESTS_CA_OVERRIDES}, plus the target's variables.
     */
    Map<String, String> environmentFor(Environment env) {
        Map<String, String> result = new HashMap<>();
        baseEnvironment.forEach((k, v) -> {
            if (!k.startsWith("DOCKER_") && !k.startsWith("COMPOSE_") && !REQUESTS_CA_OVERRIDES.contains(k)) {
                result.put(k, v);
            }
        });
        result.putAll(env.variables());
        return result;
    }

    /**
     * Runs {@code argv} in {@code directory}.
     *
     * @throws HostUnavailableException when the program cannot be started at all
     */
    public CommandResult run(List<String> argv, Path directory, Environment env) {
        return run(argv, directory, env, null);
    }

    /**
     * Runs {@code argv} in {@code directory}; each output line passes through {@code mask} before it
     * is cut to the tail's line length, so a secret value is masked whole even on a long line (null:
     * nothing to mask).
     *
     * @throws HostUnavailableException when the program cannot be started at all
     */
    public CommandResult run(List<String> argv, Path directory, Environment env, UnaryOperator<String> mask) {
        ProcessBuilder builder = new ProcessBuilder(argv).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environmentFor(env));

        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new HostUnavailableException("could not start " + argv.get(0) + " in " + directory, e);
        }
        closeQuietly(process.getOutputStream());

        OutputTail tail = new OutputTail(TAIL_LINES, LINE_CHARS, mask);
        Thread reader = new Thread(() -> tail.consume(process.getInputStream()), "command-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();

        boolean finished = waitFor(process, timeout);
        if (!finished) {
            killTree(process, Thread.currentThread().isInterrupted());
        }
        // A grandchild that keeps the pipe open must not hang the caller; the reader is a daemon
        // thread and ends when the pipe closes.
        join(reader, DRAIN_WAIT);
        Duration duration = Duration.ofNanos(System.nanoTime() - started);

        List<String> lines = tail.lines();
        if (!finished) {
            // An interrupt (operator shutting down) also ends the wait early; say which it was.
            String why = Thread.currentThread().isInterrupted() ? "interrupted" : "timed out after " + timeout.toMillis() + " ms";
            lines = appendBounded(lines, why + ": killed " + argv.get(0) + " and its child processes");
            return new CommandResult(argv, TIMED_OUT, lines, duration);
        }
        return new CommandResult(argv, process.exitValue(), lines, duration);
    }

    private static List<String> appendBounded(List<String> lines, String line) {
        ArrayDeque<String> deque = new ArrayDeque<>(lines);
        deque.addLast(line);
        while (deque.size() > TAIL_LINES) {
            deque.removeFirst();
        }
        return List.copyOf(deque);
    }

    // Descendants are collected before the parent dies: once it is gone they are re-parented and
    // no longer found through it. On a timeout, SIGTERM first so compose can clean up, SIGKILL for what
    // stays. On an interrupt (the operator shutting down, or a leader that lost its Lease), SIGKILL at
    // once: compose passes a SIGTERM on to the container it runs, and a migration ended by it exits 143
    // where the next leader would have found it finished. Killed outright, the client just goes away,
    // the container runs on in the engine, and the next attempt resumes from it.
    private static void killTree(Process process, boolean interrupted) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        if (interrupted) {
            tree.forEach(ProcessHandle::destroyForcibly);
            waitFor(process, KILL_GRACE);
            return;
        }
        tree.forEach(ProcessHandle::destroy);
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Survivors are killed below.
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        waitFor(process, KILL_GRACE);
    }

    // The command gets no input: closing stdin makes anything that would prompt fail instead of hang.
    private static void closeQuietly(OutputStream stdin) {
        try {
            stdin.close();
        } catch (IOException e) {
            // Nothing to do: the process may already have exited.
        }
    }

    private static boolean waitFor(Process process, Duration limit) {
        try {
            return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void join(Thread thread, Duration limit) {
        try {
            thread.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Keeps the last lines of a stream while reading it, each cut to a maximum length, so a chatty
     * or binary output never grows memory.
     */
    static final class OutputTail {
        private static final int MASK_MARGIN = 4096;
        private final int maxLines;
        private final int maxChars;
        private final int bufferChars;
        private final UnaryOperator<String> mask;
        private final ArrayDeque<String> lines = new ArrayDeque<>();
        private final StringBuilder current = new StringBuilder();
        private boolean cut;

        OutputTail(int maxLines, int maxChars) {
            this(maxLines, maxChars, null);
        }

        /** With a mask (or null), lines are kept {@value #MASK_MARGIN} characters longer until masked, then cut. */
        OutputTail(int maxLines, int maxChars, UnaryOperator<String> mask) {
            this.maxLines = maxLines;
            this.maxChars = maxChars;
            this.mask = mask;
            this.bufferChars = mask == null ? maxChars : maxChars + MASK_MARGIN;
        }

        void consume(InputStream in) {
            char[] buffer = new char[4096];
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int n;
                while ((n = reader.read(buffer)) != -1) {
                    accept(buffer, n);
                }
            } catch (IOException e) {
                // The stream closes under us when the process is killed: keep what was read.
            } finally {
                flush();
            }
        }

        synchronized void accept(char[] chars, int length) {
            for (int i = 0; i < length; i++) {
                char c = chars[i];
                if (c == '\n') {
                    endLine();
                } else if (c != '\r' && !cut) {
                    if (current.length() < bufferChars) {
                        current.append(c);
                    } else {
                        cut = true;
                    }
                }
            }
        }

        synchronized void flush() {
            if (current.length() > 0) {
                endLine();
            }
        }

        synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        private void endLine() {
            var line = mask == null ? current.toString() : mask.apply(current.toString());
            if (line.length() > maxChars) {
                line = line.substring(0, maxChars);
            }
            if (!line.isEmpty() && Character.isHighSurrogate(line.charAt(line.length() - 1))) {
                // A character outside the BMP straddling the cut loses its first half too: a lone
                // surrogate is not valid UTF-8 and would reach the API server as '?'.
                line = line.substring(0, line.length() - 1);
            }
            current.setLength(0);
            cut = false;
            if (line.isBlank()) {
                // Blank lines say nothing and would spend the tail's few lines (compose's build prints many).
                return;
            }
            lines.addLast(line);
            if (lines.size() > maxLines) {
                lines.removeFirst();
            }
        }
    }
}

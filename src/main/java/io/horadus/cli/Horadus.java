package io.horadus.cli;

import io.horadus.local.LockHeld;
import io.horadus.local.StateRefused;
import io.horadus.manifest.ManifestRefused;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application's one entry point, {@code horadus}: {@code horadus operator} boots Quarkus and runs the
 * operator; every other command runs the same engine from picocli without booting it. Quarkus's operator
 * extension builds the Kubernetes client and the controllers while it boots (whether the operator starts
 * is fixed when the application is built), so a command that must not touch a cluster never boots it: it
 * starts no Kubernetes client, no informer and no HTTP server, and answers in a fraction of a second.
 */
@QuarkusMain
public final class Horadus {

    private Horadus() {
    }

    public static void main(String... args) {
        FatalErrors.install();
        if (args.length > 0 && args[0].equals(OperatorMode.COMMAND)) {
            Quarkus.run(OperatorMode.class, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        var code = run(Console.system(), args);
        if (code != SHUTTING_DOWN) {
            System.exit(code);
        }
        // Stopped by a signal: the JVM is already exiting, and System.exit would wait for its own hook.
    }

    /** What {@link #run} returns when a signal stopped the command: the JVM exits on its own. */
    static final int SHUTTING_DOWN = -1;

    /**
     * Runs one command line and returns its exit code, or {@link #SHUTTING_DOWN}; SIGTERM and SIGINT stop a
     * running release at its next step boundary.
     */
    static int run(Console console, String... args) {
        // The engine logs for an operator's log collector; a person reads the progress lines (HORADUS_LOG=INFO shows both).
        Logger.getLogger("").setLevel(Level.parse(console.env().getOrDefault("HORADUS_LOG", "WARNING")));
        var stop = new StopSignal();
        var main = Thread.currentThread();
        var hook = new Thread(() -> {
            stop.request();
            try {
                main.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "horadus-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        var commandLine = new CommandLine(new HoradusCommand(console, stop))
                .setOut(new PrintWriter(console.out(), true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(console.err(), true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof ManifestRefused || e instanceof StateRefused || e instanceof LockHeld || e instanceof Refusal) {
                        console.err().println("✗ " + e.getMessage());
                        return ExitCode.FAILED.code;
                    }
                    throw e;
                });
        var code = commandLine.execute(args);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            return code;
        } catch (IllegalStateException shuttingDown) {
            // The hook runs: it waits for this thread to end, which it now does.
            return SHUTTING_DOWN;
        }
    }
}

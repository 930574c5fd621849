package io.horadus.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import picocli.CommandLine;

import java.util.Arrays;

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
        if (args.length > 0 && args[0].equals(OperatorMode.COMMAND)) {
            Quarkus.run(OperatorMode.class, Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new CommandLine(new HoradusCommand()).execute(args));
    }
}

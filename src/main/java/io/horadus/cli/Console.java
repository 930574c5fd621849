package io.horadus.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/**
 * What a command reads from and writes to outside its arguments: tables and documents on {@code out},
 * progress and errors on {@code err} (UTF-8 whatever the locale: the progress marks are not ASCII), the
 * environment and the clock.
 */
record Console(PrintStream out, PrintStream err, Map<String, String> env, Clock clock) {

    static Console system() {
        return new Console(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8), System.getenv(), Clock.systemUTC());
    }
}

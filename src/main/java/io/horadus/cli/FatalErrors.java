package io.horadus.cli;

import java.util.function.IntConsumer;

/**
 * What ends the process when a thread dies of an error the JVM cannot go on after: a
 * {@link VirtualMachineError} (an {@link OutOfMemoryError}, a {@link StackOverflowError}) that reaches the
 * top of a thread halts the process with exit code 3, the code of {@code -XX:+ExitOnOutOfMemoryError}.
 *
 * <p>That flag (image/jvm.options, and the launcher for every command) acts where the JVM raises an
 * OutOfMemoryError of its own, which is every heap and metaspace one. This covers the rest: an error that
 * Java code constructs ("Direct buffer memory"), or a stack overflow. A reconcile thread that dies of one
 * leaves its release marked as being reconciled, so JOSDK never reconciles it again: up, and deaf to it.
 * A restarted process starts from status, which is what status is for. Threads that catch errors
 * themselves (Netty's event loop) never get here; the executors of this application hand theirs on
 * ({@code release.watch.WatchExecutor}).
 */
final class FatalErrors implements Thread.UncaughtExceptionHandler {

    static final int EXIT_CODE = 3;

    private final Thread.UncaughtExceptionHandler others;
    private final IntConsumer halt;

    /**
     * @param others the handler of every other error, or null for the JVM's own behaviour
     * @param halt   ends the process with the given code
     */
    FatalErrors(Thread.UncaughtExceptionHandler others, IntConsumer halt) {
        this.others = others;
        this.halt = halt;
    }

    /** Makes this the default handler of every thread that has none of its own. */
    static void install() {
        var current = Thread.getDefaultUncaughtExceptionHandler();
        if (!(current instanceof FatalErrors)) {
            Thread.setDefaultUncaughtExceptionHandler(new FatalErrors(current, Runtime.getRuntime()::halt));
        }
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        if (error instanceof VirtualMachineError) {
            // No logger and no shutdown hooks: both may need the memory that ran out. One line, as the JVM's flag prints.
            System.err.println("Terminating due to " + error + " (thread " + thread.getName() + ")");
            System.err.flush();
            halt.accept(EXIT_CODE);
            return;
        }
        if (others != null) {
            others.uncaughtException(thread, error);
        } else {
            // What the JVM does without a default handler.
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            error.printStackTrace(System.err);
        }
    }
}

package io.horadus.release.watch;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor the watch's rounds run on: {@code threads} daemon threads named horadus-watch-N, started as
 * rounds need them, a cancelled round removed at once. An {@link Error} a round throws is handed to its
 * thread's uncaught-exception handler, as if the thread had died of it: a scheduled task's error otherwise
 * stays in its future, which nobody reads, and that release's rounds would stop without a word (its round
 * never ends) while the process looks healthy. What the handler does with it is the process's decision
 * (the command line and the operator end the process on an OutOfMemoryError).
 */
public final class WatchExecutor extends ScheduledThreadPoolExecutor {

    public WatchExecutor(int threads) {
        super(threads, new Named());
        setRemoveOnCancelPolicy(true);
    }

    @Override
    protected void afterExecute(Runnable task, Throwable thrown) {
        super.afterExecute(task, thrown);
        var error = thrown != null ? thrown : failure(task);
        if (error instanceof Error) {
            var thread = Thread.currentThread();
            thread.getUncaughtExceptionHandler().uncaughtException(thread, error);
        }
    }

    /** What a finished task threw; null when it returned, was cancelled or has not ended. */
    private static Throwable failure(Runnable task) {
        if (!(task instanceof Future<?> future) || !future.isDone()) {
            return null;
        }
        try {
            future.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static final class Named implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            var thread = new Thread(task, "horadus-watch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}

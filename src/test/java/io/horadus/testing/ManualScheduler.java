package io.horadus.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduled executor that runs nothing on its own: {@link #runDue()} runs, on the test's thread, the
 * tasks whose time on the test's clock has come, in order of that time. Only {@code schedule(Runnable,
 * ...)} and {@code execute} are supported (what the watch's rounds use).
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final Clock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long sequence;
    private boolean shutdown;

    public ManualScheduler(Clock clock) {
        this.clock = clock;
    }

    /** Runs every task due now, tasks they schedule for now included; returns how many ran. */
    public synchronized int runDue() {
        int ran = 0;
        for (int guard = 0; guard < 10_000; guard++) {
            var now = clock.instant();
            var next = tasks.stream().filter(t -> !t.due.isAfter(now)).min(Comparator.comparing((Task t) -> t.due).thenComparing(t -> t.order));
            if (next.isEmpty()) {
                return ran;
            }
            tasks.remove(next.get());
            next.get().done = true;
            next.get().command.run();
            ran++;
        }
        throw new AssertionError("tasks keep scheduling themselves for now");
    }

    /** Tasks waiting, due or not. */
    public synchronized int pending() {
        return tasks.size();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        var task = new Task(command, clock.instant().plus(Duration.ofNanos(unit.toNanos(delay))), sequence++);
        tasks.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
        tasks.clear();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.of();
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable command;
        final Instant due;
        final long order;
        boolean done;
        boolean cancelled;

        Task(Runnable command, Instant due, long order) {
            this.command = command;
            this.due = due;
            this.order = order;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due).toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            synchronized (ManualScheduler.this) {
                if (done) {
                    return false;
                }
                cancelled = true;
                done = true;
                return tasks.remove(this);
            }
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }

}

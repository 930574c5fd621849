package io.horadus.release.watch;

import io.horadus.release.ReleaseRequest;
import io.horadus.release.port.HostState;
import io.horadus.release.port.VerificationReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The watch's check rounds, run on a small executor of their own instead of the reconcile threads, so a
 * round that waits on a hung application or a slow host (up to the probes' timeouts) never holds a
 * reconcile of another release. What a round found is applied by a reconcile, never here:
 *
 * <ul>
 *   <li>A reconcile that leaves a release watched hands its {@link Plan} to {@link #follow} once its
 *       status is recorded: what to watch (the release's tag, or the tag a rollback restored), how often,
 *       and what status now says, as a test of whether a round would change it.</li>
 *   <li>Each round reads the host and runs the checks ({@link ReleaseWatch#probe}). A round that would
 *       change nothing (a passing round of a passing release) is dropped and the next one is scheduled.
 *       A round that would change status (a failure, a recovery, drift, the watch window passed) is kept
 *       as the release's pending round and the release is handed to the {@link #onChange reconcile
 *       trigger}; no further round runs until a reconcile applied it ({@link #pending}, then
 *       {@link #follow} with {@link Plan#applied} naming it), so each round counts once, in order, and a
 *       lost status write (a conflict) loses no round: the retried reconcile applies it again.</li>
 *   <li>A round whose host did not answer ({@link Failed}) triggers a reconcile when it is the first
 *       such round; that reconcile throws its error (HostUnreachable, retried), and the rounds go on. The
 *       next round that reads the host triggers a reconcile again.</li>
 * </ul>
 *
 * <p>Rounds of one release never overlap: the next is scheduled {@link Plan#interval} after the previous
 * one ended, or, for a round that changed something, after a reconcile recorded it (as when each round
 * was a reconcile rescheduled by the interval: a re-converged host, for one, gets an interval to start
 * before it is judged). A release whose watch is replaced (another tag) waits for a round of its old watch still running.
 * {@link #stop} ends a release's rounds (deleted, suspended, another tag, no longer released); a round
 * still running then is dropped when it ends. Everything lives in memory: after a restart the first
 * reconcile of each watched release starts its rounds again, and status carries the count of failed
 * rounds, the watch window and the conditions across it.
 */
public final class WatchRounds implements AutoCloseable {

    /** What is watched: a release's own version, or the version a rollback restored. */
    public record Subject(String tag, String commit, boolean restored) {
    }

    /** What one round found, numbered so a reconcile can say which one it applied. */
    public sealed interface Round permits Observed, Failed {
        long number();

        Subject subject();

        Instant at();
    }

    /**
     * The host read and the checks run.
     *
     * @param afterOutage the round before could not read the host: this is the first since the Docker engine
     *                    answered again (known to this process only; after a restart no round is)
     */
    public record Observed(long number, Subject subject, Instant at, HostState host, VerificationReport report,
                           boolean afterOutage) implements Round {
    }

    /** The round could not read the host (the Docker engine did not answer) or failed otherwise: a transient error. */
    public record Failed(long number, Subject subject, Instant at, RuntimeException error) implements Round {
    }

    /**
     * What a reconcile recorded for a watched release.
     *
     * @param request    the spec and secret material to probe with (refreshed by every reconcile)
     * @param interval   spec.verify.intervalSeconds
     * @param firstRound when a new watch has its first round: a full interval after a release was just
     *                   verified, at once when a reconcile finds a watched release with no rounds (a restart)
     * @param applied    the number of the round this reconcile applied, or 0
     * @param changes    whether a round would change what status records now
     */
    public record Plan(ReleaseRequest request, Subject subject, Duration interval, Duration firstRound, long applied,
                       Predicate<Observed> changes) {

        Plan withRequest(ReleaseRequest fresh) {
            return new Plan(fresh, subject, interval, firstRound, applied, changes);
        }
    }

    private final ReleaseWatch watch;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    /** Guarded by this. */
    private final Map<String, Watched> watched = new HashMap<>();
    /** Releases with a round in progress, replaced watches included. Guarded by this. */
    private final Set<String> probing = new HashSet<>();
    /** Guarded by this. */
    private long rounds;
    private volatile Consumer<String> trigger = key -> { };
    private volatile RoundListener listener = (key, round, took, late) -> { };

    /** Told of every round as it ends, whatever it changes: for metrics (a passing round triggers no reconcile). */
    public interface RoundListener {
        /**
         * @param took how long the round read the host and ran the checks
         * @param late how long after its scheduled time it began (a busy executor, a hung round before it)
         */
        void ended(String key, Round round, Duration took, Duration late);
    }

    /**
     * @param executor runs the rounds; its size is how many releases can be in a round at the same time
     *                 (a round of a hung application holds a thread up to the probes' timeouts)
     */
    public WatchRounds(ReleaseWatch watch, ScheduledExecutorService executor, Clock clock) {
        this.watch = watch;
        this.executor = executor;
        this.clock = clock;
    }

    /** Who is told, by release key ("namespace/name"), that a round changed something and a reconcile should apply it. */
    public void onChange(Consumer<String> reconcile) {
        this.trigger = reconcile;
    }

    /** Who is told of each round as it ends (the driver's telemetry). */
    public void onRound(RoundListener listener) {
        this.listener = listener;
    }

    /**
     * The round waiting for this reconcile: an observed round that changes status, else the last failed
     * one while the host does not answer, else none. Refreshes the request the rounds probe with.
     */
    public synchronized Optional<Round> pending(ReleaseRequest request, Subject subject) {
        var w = watched.get(request.key());
        if (w == null || !w.plan.subject().equals(subject)) {
            return Optional.empty();
        }
        w.plan = w.plan.withRequest(request);
        return w.pending != null ? Optional.of(w.pending) : Optional.ofNullable(w.failed);
    }

    /** After a reconcile's status is recorded: watch as its plan says, or stop watching when it has none. */
    public void follow(String key, Optional<Plan> plan) {
        if (plan.isPresent()) {
            follow(key, plan.get());
        } else {
            stop(key);
        }
    }

    private synchronized void follow(String key, Plan plan) {
        var w = watched.get(key);
        if (w != null && w.plan.subject().equals(plan.subject())) {
            w.plan = plan;
            if (w.pending != null && w.pending.number() == plan.applied()) {
                w.pending = null;
                schedule(w, plan.interval());
            } else if (w.next == null && !w.running && w.pending == null && !w.waiting) {
                schedule(w, plan.interval());
            }
            return;
        }
        stop(key);
        w = new Watched(key, plan);
        watched.put(key, w);
        schedule(w, plan.firstRound());
    }

    /** No more rounds for this release; a round running now is dropped when it ends. */
    public synchronized void stop(String key) {
        var w = watched.remove(key);
        if (w != null && w.next != null) {
            w.next.cancel(false);
        }
    }

    /** Whether rounds are scheduled (or running) for this release. */
    public synchronized boolean watching(String key) {
        return watched.containsKey(key);
    }

    /** Whether rounds can still run: false once the executor was shut down (closed, or by a fault). */
    public boolean running() {
        return !executor.isShutdown();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void schedule(Watched w, Duration delay) {
        try {
            w.due = clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay);
            w.next = executor.schedule(() -> run(w), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            w.next = null;
        }
    }

    private void run(Watched w) {
        Plan plan;
        long number;
        Instant at;
        Instant due;
        boolean afterOutage;
        synchronized (this) {
            w.next = null;
            if (watched.get(w.key) != w) {
                return;
            }
            if (!probing.add(w.key)) {
                // A round of this release's previous watch still runs: this one starts when it ends.
                w.waiting = true;
                return;
            }
            w.running = true;
            at = clock.instant();
            due = w.due;
            plan = w.plan;
            afterOutage = w.failed != null;
            number = ++rounds;
        }
        Round round;
        try {
            var probe = watch.probe(plan.request());
            round = new Observed(number, plan.subject(), at, probe.host(), probe.report(), afterOutage);
        } catch (RuntimeException e) {
            round = new Failed(number, plan.subject(), at, e);
        }
        var took = Duration.between(at, clock.instant());
        if (ended(w, round)) {
            trigger.accept(w.key);
        }
        try {
            listener.ended(w.key, round, took, due == null || due.isAfter(at) ? Duration.ZERO : Duration.between(due, at));
        } catch (RuntimeException e) {
            // Telemetry is a courtesy: a failing listener never stops the rounds.
        }
    }

    /** Files a finished round; whether a reconcile must apply it. */
    private synchronized boolean ended(Watched w, Round round) {
        probing.remove(w.key);
        w.running = false;
        var current = watched.get(w.key);
        if (current != w) {
            if (current != null && current.waiting) {
                current.waiting = false;
                schedule(current, Duration.ZERO);
            }
            return false;
        }
        if (round instanceof Failed failed) {
            var first = w.failed == null;
            w.failed = failed;
            schedule(w, w.plan.interval());
            return first;
        }
        var observed = (Observed) round;
        var recovered = w.failed != null;
        w.failed = null;
        if (recovered || changes(w.plan, observed)) {
            w.pending = observed;
            return true;
        }
        schedule(w, w.plan.interval());
        return false;
    }

    /** A test that fails says "changes": applying a round that changes nothing costs a reconcile, missing one costs a failure. */
    private static boolean changes(Plan plan, Observed round) {
        try {
            return plan.changes().test(round);
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static final class Watched {
        final String key;
        Plan plan;
        ScheduledFuture<?> next;
        /** When the next round is due, for its lateness. */
        Instant due;
        boolean running;
        boolean waiting;
        Observed pending;
        Failed failed;

        Watched(String key, Plan plan) {
            this.key = key;
            this.plan = plan;
        }
    }
}

package io.horadus.cli;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.local.ReleaseKey;
import io.horadus.local.ReleaseLock;
import io.horadus.local.ReleaseStatusFile;
import io.horadus.local.StateDirectory;
import io.horadus.manifest.ReleaseRequests;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The agent's loop for one release, on a thread of its own, as JOSDK runs a reconciler: a pass when the
 * manifest changes, when a watch round asks for one (a round that changed something), or when the last pass
 * asked to be run again; a pass that throws is recorded and retried with the operator's backoff. It holds the
 * release's lock for as long as it runs, so no {@code apply} acts on the release meanwhile. A pass that wrote
 * the release's status is told to the agent, which wakes the releases promoted from it.
 */
final class ReleaseWorker implements Runnable {

    /** The longest a worker sleeps without looking: a missed wake-up costs at most this. */
    private static final Duration LONGEST_SLEEP = Duration.ofMinutes(5);

    private final StateDirectory directory;
    private final ReleaseLock lock;
    private final LocalEngine engine;
    private final Console console;
    private final StopSignal stop;
    private final ProgressLines progress;
    private final Consumer<ReleaseKey> statusWritten;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile HoradusReleaseSpec pendingSpec;
    private volatile Map<String, String> pendingAnnotations = Map.of();
    private volatile boolean closed;

    /** @param statusWritten told the release's key after a pass that wrote its status, on this worker's thread */
    ReleaseWorker(StateDirectory directory, ReleaseLock lock, LocalEngine engine, Console console, StopSignal stop,
                  Consumer<ReleaseKey> statusWritten) {
        this.directory = directory;
        this.statusWritten = statusWritten;
        this.lock = lock;
        this.engine = engine;
        this.console = console;
        this.stop = stop;
        this.progress = new ProgressLines(console.err(), console.clock(), lock.key().name() + ": ");
    }

    /** The manifest as the agent's last look found it: applied at the next pass, which it asks for. */
    void offer(HoradusReleaseSpec spec, Map<String, String> annotations) {
        pendingSpec = spec;
        pendingAnnotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        wake();
    }

    void wake() {
        wakeUps.release();
    }

    /** Stops after the current pass (the release's lock is freed when the loop ends). */
    void close() {
        closed = true;
        wake();
    }

    @Override
    public void run() {
        var key = lock.key().toString();
        try (lock) {
            directory.read(lock.key()).ifPresent(stored -> progress.resumeFrom(stored.status()));
            Duration sleep = Duration.ZERO;
            var backoff = new Backoff();
            while (!closed && !stop.requested()) {
                try {
                    wakeUps.tryAcquire(sleep.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                // Wake-ups that came while asleep or during the pass are served by this one pass, as JOSDK merges events.
                wakeUps.drainPermits();
                if (closed || stop.requested()) {
                    return;
                }
                var stored = directory.read(lock.key()).orElseThrow();
                var spec = pendingSpec;
                if (spec != null) {
                    var before = stored.revision();
                    stored = stored.withSpec(spec);
                    for (var annotation : pendingAnnotations.entrySet()) {
                        stored = stored.withAnnotation(annotation.getKey(), annotation.getValue());
                    }
                    directory.write(stored);
                    pendingSpec = null;
                    if (stored.revision() != before) {
                        console.err().println(lock.key().name() + ": ► spec revision " + stored.revision() + ": tag " + spec.getTag());
                    }
                }
                var file = new ReleaseStatusFile(directory, lock, stored);
                var input = ReleaseRequests.input(stored.release());
                var store = new StoppingStore(file, progress, stop);
                try {
                    Optional<Duration> after = engine.driver().pass(input, store, progress::events);
                    backoff.passed();
                    sleep = after.map(d -> d.compareTo(LONGEST_SLEEP) > 0 ? LONGEST_SLEEP : d).orElse(LONGEST_SLEEP);
                } catch (StopSignal.Stopped stopped) {
                    return;
                } catch (RuntimeException e) {
                    engine.driver().failed(input, file, e);
                    sleep = backoff.failed();
                    console.err().println(lock.key().name() + ": … " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "; trying again in " + Durations.show(sleep));
                }
                // The status file saves only what changed: a new record means this pass wrote (a pass that threw too).
                if (file.release() != stored) {
                    statusWritten.accept(lock.key());
                }
            }
        } finally {
            engine.driver().deleted(key);
        }
    }
}

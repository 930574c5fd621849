package io.horadus.cli;

import io.horadus.release.driver.EventSink;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.ReleaseInput;
import io.horadus.release.driver.StatusStore;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs one release's passes until it comes to rest ({@link Resting}) or the deadline passes: what
 * {@code apply}, {@code approve} and {@code rollback} do in the foreground. A pass that throws (the host or
 * git unreachable) is recorded by the driver and retried with the operator's {@link Backoff}.
 */
final class ReleaseRun {


    private final ReleaseDriver driver;
    private final Clock clock;
    private final PrintStream err;
    private final StopSignal stop;

    ReleaseRun(ReleaseDriver driver, Clock clock, PrintStream err, StopSignal stop) {
        this.driver = driver;
        this.clock = clock;
        this.err = err;
        this.stop = stop;
    }

    /**
     * @param waitForApproval keep passing while a reviewer's approval is awaited (else that is a rest)
     * @param timeout         how long the release may take to come to rest
     */
    ExitCode run(ReleaseInput input, StatusStore store, EventSink events, boolean waitForApproval, Duration timeout) {
        var deadline = clock.instant().plus(timeout);
        var backoff = new Backoff();
        while (true) {
            Optional<Duration> next;
            try {
                next = driver.pass(input, store, events);
                backoff.passed();
            } catch (StopSignal.Stopped stopped) {
                err.println("‖ stopped after the step on record; the next apply resumes from it");
                return ExitCode.FAILED;
            } catch (RuntimeException e) {
                driver.failed(input, store, e);
                next = Optional.of(backoff.failed());
                err.println("… " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + "; trying again in "
                        + Durations.show(next.get()));
            }
            var status = store.load();
            var rest = Resting.exitCode(status, input.revision(), waitForApproval);
            if (rest.isPresent()) {
                return rest.get();
            }
            if (next.isEmpty()) {
                return Resting.settled(status);
            }
            var wakeAt = clock.instant().plus(next.get());
            if (wakeAt.isAfter(deadline)) {
                sleepUntil(deadline);
                err.println("✗ timed out after " + Durations.show(timeout) + " (phase " + status.getPhase() + "); the next apply resumes from the step on record");
                return ExitCode.TIMED_OUT;
            }
            if (!sleepUntil(wakeAt)) {
                err.println("‖ stopped; the next apply resumes from the step on record");
                return ExitCode.FAILED;
            }
        }
    }

    /** @return false when told to stop while asleep */
    private boolean sleepUntil(Instant at) {
        return stop.sleep(Duration.between(clock.instant(), at));
    }
}

package io.horadus.testing;

import io.horadus.release.port.GateResult;
import io.horadus.release.port.GateRun;
import io.horadus.release.port.GateRunner;
import io.horadus.release.port.GateState;

import java.time.Duration;

/** A gate run from start to end against a runner, as the engine's GateStep drives it, without the engine. */
public final class GateRuns {

    private static final Duration POLL = Duration.ofMillis(20);

    private GateRuns() {
    }

    public static GateResult toEnd(GateRunner runner, GateRun run, Duration timeout) {
        long started = System.nanoTime();
        var notRun = runner.start(run);
        if (notRun.isPresent()) {
            return notRun.get();
        }
        while (true) {
            var state = runner.observe(run.target(), run.runName());
            var took = Duration.ofNanos(System.nanoTime() - started);
            if (state instanceof GateState.Exited exited) {
                return new GateResult.Exited(exited.exitCode(), runner.finish(run.target(), run.runName()), took);
            }
            if (state instanceof GateState.Missing) {
                throw new AssertionError("the gate's container " + run.runName() + " vanished");
            }
            if (took.compareTo(timeout) >= 0) {
                return new GateResult.TimedOut(timeout, runner.finish(run.target(), run.runName()), took);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

package io.horadus.cli;

import io.horadus.local.ReleaseLock;
import io.horadus.local.ReleaseStatusFile;
import io.horadus.local.StateDirectory;
import io.horadus.local.StoredRelease;
import io.horadus.manifest.ReleaseRequests;

import java.time.Duration;

/**
 * One release run to rest in the foreground, its progress on stderr: what {@code apply}, {@code approve} and
 * {@code rollback} do once the state says what to release. The caller holds the release's lock.
 */
final class ForegroundRelease {

    private final LocalEngine engine;
    private final Console console;
    private final StopSignal stop;

    ForegroundRelease(LocalEngine engine, Console console, StopSignal stop) {
        this.engine = engine;
        this.console = console;
        this.stop = stop;
    }

    ExitCode run(StateDirectory directory, ReleaseLock lock, StoredRelease stored, boolean waitForApproval, Duration timeout) {
        var file = new ReleaseStatusFile(directory, lock, stored);
        var progress = new ProgressLines(console.err(), console.clock(), "");
        progress.resumeFrom(file.load());
        var input = ReleaseRequests.input(file.release().release());
        var store = new StoppingStore(file, progress, stop);
        var result = new ReleaseRun(engine.driver(), console.clock(), console.err(), stop).run(input, store, progress::events, waitForApproval, timeout);
        // The watch of a released version belongs to a process that stays (horadus agent): this one ends here.
        engine.driver().deleted(input.key());
        return result;
    }
}

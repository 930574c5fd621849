package io.horadus.cli;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.release.driver.StatusStore;

/**
 * The state file as the driver's store, printing progress from each save and ending the pass at the
 * step boundary once a stop is requested (after the save: what the step did is on record).
 */
final class StoppingStore implements StatusStore {

    private final StatusStore file;
    private final ProgressLines progress;
    private final StopSignal stop;

    StoppingStore(StatusStore file, ProgressLines progress, StopSignal stop) {
        this.file = file;
        this.progress = progress;
        this.stop = stop;
    }

    @Override
    public HoradusReleaseStatus load() {
        return file.load();
    }

    @Override
    public void save(HoradusReleaseStatus status) {
        file.save(status);
        progress.saved(status);
        stop.check();
    }
}

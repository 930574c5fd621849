package io.horadus.testing;

import io.horadus.demo.SampleApp;

import java.util.List;

/** What the sample app's migrations recorded, as a test reads it off the host. */
public final class MigrationLog {

    private MigrationLog() {
    }

    /**
     * The lines of the migration log of a compose project ({@code <version> <date>}, one per run),
     * read through a throwaway container without network; empty when nothing ran yet.
     */
    public static List<String> runs(String project) {
        return VolumeFiles.lines(SampleApp.migrationsVolume(project), "runs");
    }
}

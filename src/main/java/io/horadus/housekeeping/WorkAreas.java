package io.horadus.housekeeping;

import java.util.List;
import java.util.function.Predicate;

/**
 * The operator's work areas: one directory per release key under its work dir (the git mirror and the
 * checkouts). Named by the directory, since a key cannot always be read back from it.
 */
public interface WorkAreas {

    /** The directory name of each work area there is. */
    List<String> names();

    /** The directory name the work area of {@code releaseKey} has (or would have). */
    String nameOf(String releaseKey);

    /**
     * Deletes the work area {@code name} unless {@code inUse} says otherwise, asked while no release of that
     * name can be resolving (so a release created meanwhile keeps its area). Returns whether it was deleted.
     *
     * @throws java.io.UncheckedIOException when the disk refuses
     */
    boolean remove(String name, Predicate<String> inUse);
}

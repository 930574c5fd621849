package io.horadus.api;

/** Where a release's notes were found. */
public enum NotesSource {
    /** The annotated tag's message, after its subject line. */
    Tag,
    /** The version's section of spec.releaseNotes.changelog. */
    Changelog
}

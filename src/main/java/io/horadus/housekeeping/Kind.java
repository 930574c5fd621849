package io.horadus.housekeeping;

/** What a sweep removes: the {@code kind} label of horadus_housekeeping_removed_total. */
public enum Kind {
    /** An image the operator built for a gate, left untagged when a later build moved its tag. */
    GateImage,
    /** A gate's container whose release no longer exists. */
    GateContainer,
    /** A snapshot name ({@code <repository>:horadus-<tag>}) of a release no longer kept. */
    Snapshot,
    /** The git mirror and checkouts of a release that no longer exists. */
    WorkArea
}

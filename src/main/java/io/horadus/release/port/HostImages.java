package io.horadus.release.port;

/**
 * The images on the target engine that a rollback relies on (through the Docker API). Only names the
 * operator gives are ever removed: {@link #untag} drops one reference, and the engine deletes the
 * image only when no other name or container holds it.
 *
 * @see io.horadus.release.rollback.ImageSnapshots for the naming scheme
 */
public interface HostImages {

    /** Whether the engine still has the image with this ID. */
    boolean exists(ComposeTarget target, String imageId);

    /** {@code docker tag <imageId> <reference>}: the reference points at the ID from now on. */
    void tag(ComposeTarget target, String imageId, String reference);

    /** {@code docker rmi <reference>}, without force; a reference already gone is not an error. */
    void untag(ComposeTarget target, String reference);
}

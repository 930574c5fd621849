package io.horadus.release.port;

/**
 * An image reference split into repository and tag, as `docker tag` wants them. The tag is what
 * follows the last ':' after the last '/', so a registry port (registry:5000/horadus-api) is not
 * taken for a tag; a reference without one means :latest, and a digest is dropped.
 */
public record ImageReference(String repository, String tag) {

    public static ImageReference parse(String reference) {
        var withoutDigest = reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
        var slash = withoutDigest.lastIndexOf('/');
        var colon = withoutDigest.lastIndexOf(':');
        if (colon > slash) {
            return new ImageReference(withoutDigest.substring(0, colon), withoutDigest.substring(colon + 1));
        }
        return new ImageReference(withoutDigest, "latest");
    }
}

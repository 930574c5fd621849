package io.horadus.release.policy;

import io.horadus.api.FieldRules;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Pattern;

/** A release tag's vMAJOR.MINOR.PATCH as numbers, so v1.10.0 is newer than v1.9.0. */
public record SemanticVersion(BigInteger major, BigInteger minor, BigInteger patch) implements Comparable<SemanticVersion> {

    private static final Pattern TAG = Pattern.compile(FieldRules.TAG);
    private static final Comparator<SemanticVersion> ORDER = Comparator.comparing(SemanticVersion::major)
            .thenComparing(SemanticVersion::minor).thenComparing(SemanticVersion::patch);

    /** The tag's version; empty for anything the contract's tag pattern refuses. */
    public static Optional<SemanticVersion> of(String tag) {
        if (tag == null || tag.length() > FieldRules.TAG_MAX) {
            return Optional.empty();
        }
        var matcher = TAG.matcher(tag);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SemanticVersion(new BigInteger(matcher.group(1)), new BigInteger(matcher.group(2)),
                new BigInteger(matcher.group(3))));
    }

    @Override
    public int compareTo(SemanticVersion other) {
        return ORDER.compare(this, other);
    }

    /** The version as changelogs write it: 1.2.0. */
    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}

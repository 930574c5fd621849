package io.horadus.release.port;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;

/** Replaces secret values by {@code ***} in text that is about to be shown: command output, check details. */
public final class SecretMask implements UnaryOperator<String> {

    /** Values shorter than this are not masked: masking "1" or "yes" would garble the text and hide nothing. */
    static final int MIN_LENGTH = 4;

    private final List<String> values;

    private SecretMask(List<String> values) {
        this.values = values;
    }

    /** A mask of these values, longest first so that a value containing another is masked whole. */
    public static SecretMask of(Collection<String> values) {
        return new SecretMask(values.stream().filter(v -> v != null && v.length() >= MIN_LENGTH).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    @Override
    public String apply(String text) {
        if (text == null) {
            return null;
        }
        var masked = text;
        for (var value : values) {
            masked = masked.replace(value, "***");
        }
        return masked;
    }
}

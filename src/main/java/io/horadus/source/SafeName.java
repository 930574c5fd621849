package io.horadus.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns a release key ("namespace/name") or a tag name into one directory name.
 * Expects a non-empty string; changes nothing. The mapping is injective so two keys never share a
 * work area: letters, digits, '.' and '-' stay, '/' becomes '_', every other byte becomes %XX, and a
 * leading '.' is escaped so no name is hidden, "." or "..". Very long names are cut and suffixed
 * with a hash to stay under file-name limits. Throws IllegalArgumentException for an empty name.
 */
final class SafeName {

    private static final int MAX_LENGTH = 120;
    private static final int KEPT_PREFIX = 100;

    private SafeName() {
    }

    static String of(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("empty name");
        }
        StringBuilder out = new StringBuilder(raw.length());
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            char c = (char) (bytes[i] & 0xff);
            if (isPlain(c) && !(i == 0 && c == '.')) {
                out.append(c);
            } else if (c == '/') {
                out.append('_');
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(bytes[i]));
            }
        }
        if (out.length() <= MAX_LENGTH) {
            return out.toString();
        }
        // '~' is always escaped above, so a shortened name cannot equal a plain one.
        return out.substring(0, KEPT_PREFIX) + "~" + sha256(raw).substring(0, 16);
    }

    private static boolean isPlain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }

    private static String sha256(String raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}

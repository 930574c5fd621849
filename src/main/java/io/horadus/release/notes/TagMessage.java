package io.horadus.release.notes;

import java.util.Optional;

/**
 * An annotated tag's message as git shows it: a subject (the first paragraph, "Release v1.2.0") and a
 * body. The body is the release notes; a message that is only a subject has none.
 */
public final class TagMessage {

    private TagMessage() {
    }

    public static Optional<String> body(String message) {
        if (message == null) {
            return Optional.empty();
        }
        var lines = withoutSignature(message.replace("\r\n", "\n")).split("\n", -1);
        var first = 0;
        while (first < lines.length && lines[first].isBlank()) {
            first++;
        }
        var afterSubject = first;
        while (afterSubject < lines.length && !lines[afterSubject].isBlank()) {
            afterSubject++;
        }
        var body = String.join("\n", java.util.Arrays.asList(lines).subList(afterSubject, lines.length)).strip();
        return body.isEmpty() ? Optional.empty() : Optional.of(body);
    }

    /** A signed tag carries its signature at the end of the message: it is no part of the notes. */
    private static String withoutSignature(String message) {
        for (var marker : new String[] {"-----BEGIN PGP SIGNATURE-----", "-----BEGIN SSH SIGNATURE-----", "-----BEGIN SIGNED MESSAGE-----"}) {
            var at = message.indexOf(marker);
            if (at >= 0 && (at == 0 || message.charAt(at - 1) == '\n')) {
                message = message.substring(0, at);
            }
        }
        return message;
    }
}

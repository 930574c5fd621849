package io.horadus.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.horadus.api.HoradusRelease;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A release's state file: {"format": "horadus.io/state/v1", "release": {...the HoradusRelease...}},
 * indented for a person to read, ending with a newline. The format names what a reader must understand:
 * a file of an unknown format (a newer horadus wrote it) is refused, never read in part and written back
 * without what this version does not know.
 */
final class StateFormat {

    static final String FORMAT = "horadus.io/state/v1";
    private static final String API_VERSION = "horadus.io/v1alpha1";
    private static final String KIND = "HoradusRelease";
    /**
     * The envelope only: strict about what a hand edit can make ambiguous (a key twice, text after the
     * document). Numbers stay doubles, as in the model, so a file reads and writes back byte for byte.
     */
    private static final ObjectMapper ENVELOPE = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Jackson's "[Source: REDACTED (...); line: 1, column: 46]" inside a message, said plainly. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

    private StateFormat() {
    }

    static byte[] write(StoredRelease release) {
        try {
            var envelope = ENVELOPE.createObjectNode();
            envelope.put("format", FORMAT);
            envelope.set("release", ENVELOPE.readTree(release.json()));
            return (ENVELOPE.writeValueAsString(envelope) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a release's own JSON did not parse", e);
        }
    }

    /** The release in {@code bytes}, read from {@code file}; refused with what is wrong. */
    static StoredRelease read(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = ENVELOPE.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new StateRefused(file, "not valid JSON (" + firstLine(e) + ")", e);
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new StateRefused(file, "not a horadus state file (no JSON object)");
        }
        var format = root.get("format");
        if (format == null || !format.isTextual()) {
            throw new StateRefused(file, "no \"format\" field, so not a horadus state file (this horadus reads format " + FORMAT + ")");
        }
        if (!FORMAT.equals(format.asText())) {
            throw new StateRefused(file, "unknown format \"" + format.asText() + "\" (this horadus reads " + FORMAT
                    + "; a newer horadus may have written it)");
        }
        var release = root.get("release");
        if (!(release instanceof ObjectNode object)) {
            throw new StateRefused(file, "no \"release\" object");
        }
        if (!API_VERSION.equals(object.path("apiVersion").asText()) || !KIND.equals(object.path("kind").asText())) {
            throw new StateRefused(file, "holds " + object.path("apiVersion").asText("no apiVersion") + " " + object.path("kind").asText("no kind")
                    + ", not " + API_VERSION + " " + KIND);
        }
        try {
            return StoredRelease.of(ReleaseJson.read(ENVELOPE.writeValueAsString(object), HoradusRelease.class));
        } catch (RuntimeException | JsonProcessingException e) {
            throw new StateRefused(file, "the release in it cannot be read (" + firstLine(e) + ")", e);
        }
    }

    /** What Jackson found wrong and where, without its source excerpt; other errors by their first line. */
    private static String firstLine(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                var location = json.getLocation();
                var message = SOURCE.matcher(json.getOriginalMessage()).replaceAll("line $1, column $2");
                return message + (location == null || location.getLineNr() < 1 ? ""
                        : " at line " + location.getLineNr() + ", column " + location.getColumnNr());
            }
        }
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        var newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

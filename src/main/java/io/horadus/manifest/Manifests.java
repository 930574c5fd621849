package io.horadus.manifest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.horadus.api.HoradusRelease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads HoradusRelease manifests from a file as `kubectl apply -f` does: YAML with any number of
 * `---` documents (empty ones skipped) or one JSON document, each judged by {@link ManifestCheck}.
 * One refused document refuses the whole file, so nothing of it runs.
 */
public final class Manifests {

    private static final YAMLMapper YAML = YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ManifestCheck check;

    public Manifests(ManifestCheck check) {
        this.check = check;
    }

    /** With the check of the CRD on the classpath. */
    public static Manifests fromClasspath() {
        return new Manifests(ManifestCheck.fromClasspath());
    }

    /** The releases of a file, in document order, as they would be stored; or ManifestRefused. */
    public List<HoradusRelease> read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** The releases in a text (source names it in messages, like kubectl's file name). */
    public List<HoradusRelease> parse(String text, String source) {
        var releases = new ArrayList<HoradusRelease>();
        for (var document : documents(text, source)) {
            releases.add(check.admit(document, source));
        }
        return releases;
    }

    /** The non-empty documents of a text, as trees: what is judged. */
    static List<JsonNode> documents(String text, String source) {
        var documents = new ArrayList<JsonNode>();
        try {
            var json = text.stripLeading().startsWith("{");
            try (var values = (json ? JSON : YAML).readerFor(JsonNode.class).<JsonNode>readValues(text)) {
                while (values.hasNextValue()) {
                    var document = values.nextValue();
                    if (document == null || document.isNull() || document.isMissingNode() || (document.isObject() && document.isEmpty())) {
                        continue;
                    }
                    if (!document.isObject()) {
                        throw unreadable(source, "a document is not a mapping: " + document.getNodeType().name().toLowerCase());
                    }
                    documents.add(document);
                }
            }
        } catch (JsonProcessingException e) {
            throw unreadable(source, e.getOriginalMessage().replace('\n', ' ')
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw unreadable(source, e.getMessage());
        }
        return documents;
    }

    private static ManifestRefused unreadable(String source, String message) {
        return new ManifestRefused(source, "", ManifestRefused.Reason.UNREADABLE, List.of(new Problem("", message)));
    }
}

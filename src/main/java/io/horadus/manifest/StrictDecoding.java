package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The decoding step that comes before validation, with strict field validation as kubectl asks for
 * it: a field the schema does not declare (in spec, status or metadata) makes the whole object
 * undecodable (400 BadRequest), and so do metadata fields of the wrong JSON type.
 */
final class StrictDecoding {

    /** The fields of ObjectMeta a manifest may carry. */
    private static final Set<String> OBJECT_META = Set.of("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion",
            "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations",
            "ownerReferences", "finalizers", "managedFields");
    private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata");

    private StrictDecoding() {
    }

    /** The server's reasons, in its words ("unknown field \"spec.tags\"", "json: cannot unmarshal ..."); empty when it decodes. */
    static List<Problem> problems(JsonNode schema, JsonNode document) {
        var metadata = document.path("metadata");
        var typeErrors = new ArrayList<Problem>();
        if (!metadata.isMissingNode() && !metadata.isNull() && !metadata.isObject()) {
            typeErrors.add(new Problem("metadata", cannotUnmarshal(metadata, "HoradusRelease.metadata", "v1.ObjectMeta")));
        } else {
            for (var field : List.of("name", "generateName", "namespace")) {
                var value = metadata.path(field);
                if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
                    typeErrors.add(new Problem("metadata." + field, cannotUnmarshal(value, "ObjectMeta." + field, "string")));
                }
            }
            for (var field : List.of("labels", "annotations")) {
                var value = metadata.path(field);
                if (!value.isMissingNode() && !value.isNull() && !value.isObject()) {
                    typeErrors.add(new Problem("metadata." + field, cannotUnmarshal(value, "ObjectMeta." + field, "map[string]string")));
                } else {
                    value.fields().forEachRemaining(entry -> {
                        if (!entry.getValue().isTextual()) {
                            typeErrors.add(new Problem("metadata." + field, cannotUnmarshal(entry.getValue(), "ObjectMeta." + field, "string")));
                        }
                    });
                }
            }
        }
        if (!typeErrors.isEmpty()) {
            return typeErrors;
        }
        var unknown = new TreeSet<String>();
        document.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL.contains(name) && !schema.path("properties").has(name)) {
                unknown.add(name);
            }
        });
        metadata.fieldNames().forEachRemaining(name -> {
            if (!OBJECT_META.contains(name)) {
                unknown.add("metadata." + name);
            }
        });
        schema.path("properties").fields().forEachRemaining(property -> undeclared(property.getValue(), document.get(property.getKey()),
                property.getKey(), unknown));
        return unknown.stream().map(path -> new Problem(path, "unknown field " + ServerText.quote(path))).toList();
    }

    private static void undeclared(JsonNode schema, JsonNode value, String path, Set<String> unknown) {
        if (value == null || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (value.isObject() && "object".equals(schema.path("type").asText())) {
            var properties = schema.path("properties");
            var additional = schema.path("additionalProperties");
            value.fields().forEachRemaining(field -> {
                var fieldPath = path + "." + field.getKey();
                if (properties.has(field.getKey())) {
                    undeclared(properties.get(field.getKey()), field.getValue(), fieldPath, unknown);
                } else if (additional.isObject()) {
                    undeclared(additional, field.getValue(), fieldPath, unknown);
                } else if (!additional.asBoolean(false)) {
                    unknown.add(fieldPath);
                }
            });
        } else if (value.isArray() && "array".equals(schema.path("type").asText())) {
            for (int i = 0; i < value.size(); i++) {
                undeclared(schema.path("items"), value.get(i), path + "[" + i + "]", unknown);
            }
        }
    }

    /** Go's encoding/json error for a value of the wrong JSON type. */
    private static String cannotUnmarshal(JsonNode value, String field, String goType) {
        var jsonType = value.isTextual() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "bool"
                : value.isArray() ? "array" : "object";
        return "json: cannot unmarshal " + jsonType + " into Go struct field " + field + " of type " + goType;
    }
}

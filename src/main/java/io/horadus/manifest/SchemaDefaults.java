package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the API server does to an object before it validates it: a null in a field that is not
 * nullable is dropped, then a missing field with a default gets it (and the default's own fields
 * get theirs). Validation and the CEL rules then see the object as it would be stored.
 */
final class SchemaDefaults {

    private SchemaDefaults() {
    }

    /** Changes the tree in place. */
    static void apply(JsonNode schema, JsonNode value) {
        if (value == null || schema == null || schema.isMissingNode()) {
            return;
        }
        if (value.isObject()) {
            var object = (ObjectNode) value;
            var properties = schema.path("properties");
            properties.fields().forEachRemaining(property -> {
                var name = property.getKey();
                var propertySchema = property.getValue();
                if (object.has(name) && object.get(name).isNull() && !propertySchema.path("nullable").asBoolean(false)) {
                    object.remove(name);
                }
                if (!object.has(name) && propertySchema.has("default")) {
                    object.set(name, propertySchema.get("default").deepCopy());
                }
                apply(propertySchema, object.get(name));
            });
        } else if (value.isArray()) {
            value.forEach(item -> apply(schema.path("items"), item));
        }
    }
}

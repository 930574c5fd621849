package io.horadus.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an object (as parsed YAML/JSON) against a CRD's structural schema the way the API server's
 * OpenAPI validation does for the keywords this CRD uses: type, required, pattern, minimum, maximum,
 * minItems, enum. CEL rules are not evaluated here (SpecValidator enforces them in the operator).
 */
final class SchemaCheck {

    private SchemaCheck() {
    }

    static List<String> violations(JSONSchemaProps schema, Object value) {
        var found = new ArrayList<String>();
        check(schema, value, "", found);
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void check(JSONSchemaProps schema, Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        switch (schema.getType() == null ? "" : schema.getType()) {
            case "object" -> {
                if (!(value instanceof Map<?, ?> map)) {
                    found.add(path + ": must be an object");
                    return;
                }
                for (var required : schema.getRequired() == null ? List.<String>of() : schema.getRequired()) {
                    if (!map.containsKey(required)) {
                        found.add(path + "." + required + ": Required value");
                    }
                }
                var properties = schema.getProperties();
                for (var entry : ((Map<String, Object>) map).entrySet()) {
                    if (properties != null && properties.containsKey(entry.getKey())) {
                        check(properties.get(entry.getKey()), entry.getValue(), path + "." + entry.getKey(), found);
                    }
                }
            }
            case "array" -> {
                if (!(value instanceof List<?> list)) {
                    found.add(path + ": must be an array");
                    return;
                }
                if (schema.getMinItems() != null && list.size() < schema.getMinItems()) {
                    found.add(path + ": should have at least " + schema.getMinItems() + " items");
                }
                for (int i = 0; i < list.size(); i++) {
                    check(schema.getItems().getSchema(), list.get(i), path + "[" + i + "]", found);
                }
            }
            case "string" -> {
                if (!(value instanceof String string)) {
                    found.add(path + ": must be a string");
                    return;
                }
                if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(string).find()) {
                    found.add(path + ": should match '" + schema.getPattern() + "'");
                }
                if (schema.getEnum() != null && !schema.getEnum().isEmpty()
                        && schema.getEnum().stream().noneMatch(e -> e.asText().equals(string))) {
                    found.add(path + ": Unsupported value");
                }
            }
            case "integer" -> {
                if (!(value instanceof Number number)) {
                    found.add(path + ": must be an integer");
                    return;
                }
                if (schema.getMinimum() != null && number.doubleValue() < schema.getMinimum()) {
                    found.add(path + ": should be greater than or equal to " + schema.getMinimum());
                }
                if (schema.getMaximum() != null && number.doubleValue() > schema.getMaximum()) {
                    found.add(path + ": should be less than or equal to " + schema.getMaximum());
                }
            }
            case "boolean" -> {
                if (!(value instanceof Boolean)) {
                    found.add(path + ": must be a boolean");
                }
            }
            default -> {
            }
        }
    }
}

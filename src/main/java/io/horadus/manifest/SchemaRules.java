package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The OpenAPI v3 keywords of a structural schema, judged as the API server's schema validation
 * (kube-openapi) judges them, with its wording: type, required, enum, pattern, minLength/maxLength,
 * minItems/maxItems, minimum/maximum and their exclusive forms. Unknown fields are not judged here
 * (StrictDecoding refuses them before validation, as the server does) and neither are CEL rules.
 */
final class SchemaRules {

    private SchemaRules() {
    }

    static List<Finding> check(JsonNode schema, JsonNode value, String path) {
        var found = new ArrayList<Finding>();
        check(schema, value, path, found);
        return found;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        if (value == null || value.isMissingNode() || schema == null || schema.isMissingNode()) {
            return;
        }
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isTextual() && !(value.isNumber() && ServerText.wholeNumber(value))) {
                found.add(Finding.blocking(path, "Invalid value: " + ServerText.quote(ServerText.typeOf(value)) + ": " + path
                        + " in body must be of type integer,string: " + ServerText.quote(ServerText.typeOf(value))));
            }
            return;
        }
        switch (schema.path("type").asText("")) {
            case "object" -> object(schema, value, path, found);
            case "array" -> array(schema, value, path, found);
            case "string" -> string(schema, value, path, found);
            case "integer" -> integer(schema, value, path, found);
            case "number" -> number(schema, value, path, found);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    found.add(wrongType(path, "boolean", value));
                }
            }
            default -> {
                // No type: x-kubernetes-preserve-unknown-fields or an embedded resource; nothing to judge.
            }
        }
    }

    private static void object(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        if (!value.isObject()) {
            found.add(wrongType(path, "object", value));
            return;
        }
        for (var required : schema.path("required")) {
            if (!value.has(required.asText())) {
                found.add(Finding.blocking(child(path, required.asText()), "Required value"));
            }
        }
        var properties = schema.path("properties");
        var additional = schema.path("additionalProperties");
        value.fields().forEachRemaining(field -> {
            var propertySchema = properties.has(field.getKey()) ? properties.get(field.getKey()) : additional.isObject() ? additional : null;
            check(propertySchema, field.getValue(), child(path, field.getKey()), found);
        });
    }

    private static void array(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        if (!value.isArray()) {
            found.add(wrongType(path, "array", value));
            return;
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asLong()) {
            found.add(Finding.blocking(path, "Too many: " + value.size() + ": must have at most " + schema.get("maxItems").asLong() + " items"));
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asLong()) {
            found.add(Finding.invalid(path, "Invalid value: " + value.size() + ": " + path + " in body should have at least "
                    + schema.get("minItems").asLong() + " items"));
        }
        for (int i = 0; i < value.size(); i++) {
            check(schema.path("items"), value.get(i), path + "[" + i + "]", found);
        }
    }

    private static void string(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        if (!value.isTextual()) {
            found.add(wrongType(path, "string", value));
            return;
        }
        // kube-openapi stops at the first of maxLength, minLength and pattern that fails; enum is judged apart.
        var text = value.asText();
        long length = text.codePointCount(0, text.length());
        if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
            found.add(Finding.blocking(path, "Too long: may not be more than " + schema.get("maxLength").asLong() + " bytes"));
        } else if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
            found.add(Finding.invalid(path, "Invalid value: " + ServerText.quote(text) + ": " + path + " in body should be at least "
                    + schema.get("minLength").asLong() + " chars long"));
        } else if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            found.add(Finding.invalid(path, "Invalid value: " + ServerText.quote(text) + ": " + path + " in body should match '"
                    + schema.get("pattern").asText() + "'"));
        }
        enumeration(schema, value, path, found);
    }

    private static void integer(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        if (!value.isNumber()) {
            found.add(wrongType(path, "integer", value));
            return;
        }
        if (!ServerText.wholeNumber(value)) {
            // The server reports a fraction twice (type and format) and still judges its bounds.
            found.add(wrongType(path, "integer", value));
            found.add(Finding.invalid("<nil>", "Invalid value: \"\": Checked value must be of type integer (default format) in " + path));
        }
        bounds(schema, value, path, found);
        enumeration(schema, value, path, found);
    }

    private static void number(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        if (!value.isNumber()) {
            found.add(wrongType(path, "number", value));
            return;
        }
        bounds(schema, value, path, found);
        enumeration(schema, value, path, found);
    }

    private static void bounds(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        double number = value.asDouble();
        var shown = "Invalid value: " + ServerText.value(value) + ": " + path + " in body should be ";
        if (schema.has("minimum")) {
            double minimum = schema.get("minimum").asDouble();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            if (exclusive ? number <= minimum : number < minimum) {
                found.add(Finding.invalid(path, shown + (exclusive ? "greater than " : "greater than or equal to ") + ServerText.number(minimum)));
            }
        }
        if (schema.has("maximum")) {
            double maximum = schema.get("maximum").asDouble();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            if (exclusive ? number >= maximum : number > maximum) {
                found.add(Finding.invalid(path, shown + (exclusive ? "less than " : "less than or equal to ") + ServerText.number(maximum)));
            }
        }
    }

    private static void enumeration(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        var allowed = schema.path("enum");
        if (allowed.isEmpty()) {
            return;
        }
        for (var candidate : allowed) {
            if (candidate.equals(value) || (candidate.isNumber() && value.isNumber() && candidate.asDouble() == value.asDouble())) {
                return;
            }
        }
        var list = new ArrayList<String>();
        allowed.forEach(candidate -> list.add(ServerText.value(candidate)));
        found.add(Finding.blocking(path, "Unsupported value: " + ServerText.value(value) + ": supported values: "
                + list.stream().collect(Collectors.joining(", "))));
    }

    private static Finding wrongType(String path, String type, JsonNode value) {
        var actual = ServerText.quote(ServerText.typeOf(value));
        return Finding.blocking(path, "Invalid value: " + actual + ": " + path + " in body must be of type " + type + ": " + actual);
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * Values written as the API server writes them in its messages (it is Go): strings quoted like
 * strconv.Quote, numbers like fmt's %v, JSON types by the names its schema validation uses.
 */
final class ServerText {

    private ServerText() {
    }

    /** Go's %q of a string: control characters escaped, printable Unicode kept. */
    static String quote(String text) {
        var out = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 0x07 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 0x0b -> out.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else if (!printable(c)) {
                        out.append(c < 0x10000 ? String.format("\\u%04x", c) : String.format("\\U%08x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    /** A JSON scalar as %v prints it: strings quoted, integers as they are, floats in Go's shortest form. */
    static String value(JsonNode node) {
        if (node.isTextual()) {
            return quote(node.asText());
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Long.toString(node.asLong());
        }
        if (node.isNumber()) {
            return number(node.asDouble());
        }
        return node.toString();
    }

    /** Go's %v of a float64: shortest digits, exponent form below 1e-4 and from 1e21 on. */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        var decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        if (exponent < -4 || exponent >= 21) {
            var digits = decimal.unscaledValue().abs().toString();
            var mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
        }
        return decimal.toPlainString();
    }

    /** The type name schema validation gives a value: "integer" for what JSON decoding makes an int64. */
    static String typeOf(JsonNode node) {
        if (node.isTextual()) {
            return "string";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() && node.canConvertToLong() ? "integer" : "number";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "object";
        }
        return "null";
    }

    /** Whole and within int64: what an integer field accepts (5.0 too, as the server does). */
    static boolean wholeNumber(JsonNode node) {
        if (node.isIntegralNumber()) {
            return node.canConvertToLong();
        }
        double value = node.asDouble();
        return node.isNumber() && value == Math.rint(value) && Math.abs(value) < 0x1p63;
    }
}

package io.horadus.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema's x-kubernetes-validations rules, compiled once with Google's Java CEL and evaluated
 * with self bound to the node that carries them, as the API server does on create (rules that
 * read oldSelf are transition rules: a create never runs them). A failed rule is reported at the
 * node's path with the rule's message, or "failed rule: RULE" when it has none.
 */
final class CelRules {

    private record Rule(String source, String message, CelRuntime.Program program) {
    }

    private final Map<JsonNode, List<Rule>> rulesBySchema = new IdentityHashMap<>();

    private CelRules() {
    }

    /** Compiles every rule of the schema; a rule this CEL cannot compile fails here, at load. */
    static CelRules compile(JsonNode schema) {
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .addVar("self", SimpleType.DYN)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .build();
        CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
        var rules = new CelRules();
        rules.collect(schema, compiler, runtime);
        return rules;
    }

    int count() {
        return rulesBySchema.values().stream().mapToInt(List::size).sum();
    }

    private void collect(JsonNode schema, CelCompiler compiler, CelRuntime runtime) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        var compiled = new ArrayList<Rule>();
        for (var validation : schema.path("x-kubernetes-validations")) {
            var source = validation.path("rule").asText();
            if (source.contains("oldSelf")) {
                continue;
            }
            try {
                var program = runtime.createProgram(compiler.compile(source).getAst());
                compiled.add(new Rule(source, validation.path("message").asText(""), program));
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalStateException("the CRD's rule '" + source + "' does not compile: " + e.getMessage(), e);
            }
        }
        if (!compiled.isEmpty()) {
            rulesBySchema.put(schema, compiled);
        }
        schema.path("properties").forEach(property -> collect(property, compiler, runtime));
        collect(schema.path("items"), compiler, runtime);
        collect(schema.path("additionalProperties"), compiler, runtime);
    }

    /** The failed rules under this node, deepest last, each at its node's path. */
    List<Finding> check(JsonNode schema, JsonNode value, String path) {
        var found = new ArrayList<Finding>();
        check(schema, value, path, found);
        return found;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<Finding> found) {
        if (value == null || schema == null || schema.isMissingNode()) {
            return;
        }
        for (var rule : rulesBySchema.getOrDefault(schema, List.of())) {
            Object result;
            try {
                result = rule.program().eval(Map.of("self", CelValues.of(schema, value)));
            } catch (CelEvaluationException e) {
                found.add(Finding.invalid(path, invalidValue(value) + "rule evaluation error: " + e.getMessage()));
                continue;
            }
            if (!Boolean.TRUE.equals(result)) {
                var message = rule.message().isEmpty() ? "failed rule: " + rule.source().strip() : rule.message();
                found.add(Finding.invalid(path, invalidValue(value) + message));
            }
        }
        if (value.isObject()) {
            var properties = schema.path("properties");
            value.fields().forEachRemaining(field -> check(properties.has(field.getKey()) ? properties.get(field.getKey())
                    : schema.path("additionalProperties"), field.getValue(), SchemaRules.child(path, field.getKey()), found));
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.path("items"), value.get(i), path + "[" + i + "]", found);
            }
        }
    }

    /** The server shows the value of a scalar that breaks a rule and leaves objects and lists out. */
    private static String invalidValue(JsonNode value) {
        return value.isContainerNode() ? "Invalid value: " : "Invalid value: " + ServerText.value(value) + ": ";
    }

    /** JSON as CEL sees it through the schema: maps, lists, strings, int64 for integers, double for numbers. */
    private static final class CelValues {

        private CelValues() {
        }

        static Object of(JsonNode schema, JsonNode value) {
            if (value.isObject()) {
                var map = new LinkedHashMap<String, Object>();
                var properties = schema.path("properties");
                value.fields().forEachRemaining(field -> map.put(field.getKey(), of(properties.has(field.getKey())
                        ? properties.get(field.getKey()) : schema.path("additionalProperties"), field.getValue())));
                return map;
            }
            if (value.isArray()) {
                var list = new ArrayList<>();
                value.forEach(item -> list.add(of(schema.path("items"), item)));
                return list;
            }
            if (value.isNumber()) {
                return "number".equals(schema.path("type").asText()) || !ServerText.wholeNumber(value) ? (Object) value.asDouble() : (Object) value.asLong();
            }
            if (value.isBoolean()) {
                return value.asBoolean();
            }
            return value.asText();
        }
    }
}

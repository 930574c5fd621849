package io.horadus.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What Flux's kustomize-controller concludes of an object's health, in kstatus words: Flux's CEL health
 * check (fluxcd/pkg runtime/cel StatusEvaluator: parse-only expressions over the object's top-level
 * fields; observedGeneration first, then inProgress, failed, current, else InProgress; an evaluation error
 * leaves the status Unknown and Flux keeps waiting), and kstatus's generic rules for a kind it has no
 * reader for (cli-utils kstatus/status: checkGenericProperties, then Current).
 */
final class FluxHealth {

    /** kstatus's statuses; Unknown is what Flux's poller reports for an object whose expression errs. */
    enum Status { Current, InProgress, Failed, Terminating, Unknown }

    private FluxHealth() {
    }

    /** One healthCheckExprs entry, parsed as Flux parses it (no type check: CRDs need not have the five usual fields). */
    static final class Exprs {
        private final CelRuntime.Program inProgress;
        private final CelRuntime.Program failed;
        private final CelRuntime.Program current;

        Exprs(JsonNode entry) {
            CelCompiler parser = CelCompilerFactory.standardCelCompilerBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS).build();
            CelRuntime runtime = CelRuntimeFactory.plannerRuntimeBuilder().build();
            inProgress = program(parser, runtime, entry.path("inProgress").asText(""));
            failed = program(parser, runtime, entry.path("failed").asText(""));
            current = program(parser, runtime, entry.path("current").asText(""));
            if (current == null) {
                throw new IllegalArgumentException("expression Current not specified");
            }
        }

        private static CelRuntime.Program program(CelCompiler parser, CelRuntime runtime, String source) {
            if (source.isBlank()) {
                return null;
            }
            try {
                return runtime.createProgram(parser.parse(source).getAst());
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalArgumentException("failed to parse the CEL expression '" + source + "': " + e.getMessage(), e);
            }
        }

        Status evaluate(JsonNode object) {
            if (stale(object)) {
                return Status.InProgress;
            }
            var data = top(object);
            for (var step : new Object[][] {{inProgress, Status.InProgress}, {failed, Status.Failed}, {current, Status.Current}}) {
                var program = (CelRuntime.Program) step[0];
                if (program == null) {
                    continue;
                }
                Object result;
                try {
                    result = program.eval(data);
                } catch (CelEvaluationException e) {
                    return Status.Unknown;
                }
                if (!(result instanceof Boolean)) {
                    return Status.Unknown;
                }
                if ((Boolean) result) {
                    return (Status) step[1];
                }
            }
            return Status.InProgress;
        }
    }

    /** kstatus for a kind without a reader of its own: deletion, observedGeneration, Reconciling, Stalled, else Current. */
    static Status kstatus(JsonNode object) {
        if (object.path("metadata").hasNonNull("deletionTimestamp")) {
            return Status.Terminating;
        }
        if (stale(object)) {
            return Status.InProgress;
        }
        for (var c : object.path("status").path("conditions")) {
            if (c.path("type").asText().equals("Reconciling") && c.path("status").asText().equals("True")) {
                return Status.InProgress;
            }
            if (c.path("type").asText().equals("Stalled") && c.path("status").asText().equals("True")) {
                return Status.Failed;
            }
        }
        return Status.Current;
    }

    private static boolean stale(JsonNode object) {
        var observed = object.path("status").path("observedGeneration");
        var generation = object.path("metadata").path("generation");
        return observed.isNumber() && generation.isNumber() && observed.asLong() != generation.asLong();
    }

    /** The object's top-level fields as CEL variables, JSON as Go's unstructured holds it: int64 for integers. */
    private static Map<String, Object> top(JsonNode object) {
        var data = new LinkedHashMap<String, Object>();
        object.fields().forEachRemaining(f -> data.put(f.getKey(), value(f.getValue())));
        return data;
    }

    private static Object value(JsonNode node) {
        if (node.isObject()) {
            var map = new LinkedHashMap<String, Object>();
            node.fields().forEachRemaining(f -> map.put(f.getKey(), value(f.getValue())));
            return map;
        }
        if (node.isArray()) {
            var list = new ArrayList<>();
            node.forEach(item -> list.add(value(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }
}

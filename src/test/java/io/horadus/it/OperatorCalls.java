package io.horadus.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The calls the operator is allowed to make, from src/test/resources/rbac/operator-calls.txt: what the
 * RBAC manifests must grant, and all they may grant.
 */
record OperatorCalls(List<Entry> entries) {

    static final Path FILE = Path.of(System.getProperty("project.dir", "."), "src", "test", "resources", "rbac", "operator-calls.txt");

    enum Scope { CLUSTER, NAMESPACED, OPERATOR_NAMESPACE }

    /** One line of the list. group is "" for the core group. */
    record Entry(String verb, String group, String resource, String subresource, Scope scope) {

        /** Whether a request made by an operator running in operatorNamespace is this entry. */
        boolean covers(ApiCall call, String operatorNamespace) {
            return verb.equals(call.verb()) && group.equals(call.group()) && resource.equals(call.resource())
                    && subresource.equals(call.subresource()) && switch (scope) {
                        case CLUSTER -> call.namespace() == null;
                        case NAMESPACED -> call.namespace() != null;
                        case OPERATOR_NAMESPACE -> operatorNamespace.equals(call.namespace());
                    };
        }

        String resourceWithSubresource() {
            return subresource.isEmpty() ? resource : resource + "/" + subresource;
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + " " + resourceWithSubresource() + " " + scope.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static OperatorCalls load() {
        try {
            return new OperatorCalls(Files.readAllLines(FILE).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(OperatorCalls::parse)
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean allows(ApiCall call, String operatorNamespace) {
        return entries.stream().anyMatch(entry -> entry.covers(call, operatorNamespace));
    }

    private static Entry parse(String line) {
        var words = line.split("\\s+");
        if (words.length != 4) {
            throw new IllegalArgumentException(FILE + ": expected 'verb apiGroup resource[/subresource] scope', got: " + line);
        }
        var slash = words[2].indexOf('/');
        var resource = slash < 0 ? words[2] : words[2].substring(0, slash);
        var subresource = slash < 0 ? "" : words[2].substring(slash + 1);
        return new Entry(words[0], words[1].equals("core") ? "" : words[1], resource, subresource,
                Scope.valueOf(words[3].toUpperCase(Locale.ROOT).replace('-', '_')));
    }
}

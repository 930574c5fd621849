package io.horadus.release.port;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a compose project needs from Secrets and git never holds: files written into the checkout
 * (the .env an {@code env_file} names) and variables for compose's {@code ${VARIABLE}} interpolation.
 * Never printed: toString names the paths and variables, never a value.
 *
 * @param files     files to write, relative to the checkout
 * @param variables environment variables of every compose command
 */
public record ProjectSecrets(List<File> files, Map<String, String> variables) {

    public static final ProjectSecrets NONE = new ProjectSecrets(List.of(), Map.of());

    /** One file: its path relative to the checkout and its bytes. */
    public record File(String path, byte[] content) {
        @Override
        public String toString() {
            return "File[" + path + ", ***]";
        }
    }

    public ProjectSecrets {
        files = List.copyOf(files);
        variables = Map.copyOf(variables);
    }

    public boolean isEmpty() {
        return files.isEmpty() && variables.isEmpty();
    }

    /**
     * The values to mask wherever command output is shown: every variable's value, each file as a
     * whole, and each value of a KEY=VALUE line in it (an application that prints its settings prints
     * values, not files). {@link SecretMask} leaves out the short ones.
     */
    public List<String> maskedValues() {
        var values = new ArrayList<String>();
        variables.values().forEach(values::add);
        for (var file : files) {
            var text = new String(file.content(), java.nio.charset.StandardCharsets.UTF_8);
            values.add(text.strip());
            for (var line : text.split("\\R")) {
                var equals = line.indexOf('=');
                if (equals > 0) {
                    values.add(unquote(line.substring(equals + 1).strip()));
                }
            }
        }
        return values;
    }

    /** {@code text} with every masked value replaced by {@code ***}. */
    public String mask(String text) {
        return masker().apply(text);
    }

    /**
     * What {@link #mask} does, with the values worked out once: a command's output passes through it
     * line by line.
     */
    public UnaryOperator<String> masker() {
        return SecretMask.of(maskedValues());
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    @Override
    public String toString() {
        return "ProjectSecrets[files=" + files.stream().map(File::path).toList() + ", variables=" + new TreeMap<>(variables).keySet() + "]";
    }
}

package io.horadus.install;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression (or a Grafana query with its variables) selects. Not a parser: it
 * takes out what cannot be a metric name (strings, label matchers, ranges, the label lists of by/without/on/
 * ignoring/group_left/group_right, Grafana variables, numbers) and keeps the identifiers that are neither a
 * function call nor a keyword. promtool checks the same expressions parse (AlertRulesIT), so the input is
 * known to be valid PromQL.
 */
public final class PromQlNames {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern LABEL_LIST = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\\w:])");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool",
            "and", "or", "unless", "atan2", "inf", "nan", "Inf", "NaN", "start", "end");

    private static final Pattern GROUPING = Pattern.compile("\\b(by|without)\\s*\\(([^)]*)\\)");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)");
    /** Labels Prometheus gives every series of a target, and the histogram's bucket bound: never in a scrape's names. */
    private static final Set<String> NOT_FROM_THE_SCRAPE = Set.of("le", "job", "instance", "__name__");

    private PromQlNames() {
    }

    /**
     * The labels the expression expects its series to carry, in the exporter's scrape: those it groups by
     * (by/without) and those its matchers test; without le and the labels Prometheus adds (job, instance).
     */
    public static Set<String> labels(String expression) {
        var labelValues = LABEL_VALUES.matcher(expression);
        var expr = STRING.matcher(labelValues.matches() ? labelValues.group(1) : expression).replaceAll("\"\"");
        var labels = new TreeSet<String>();
        var grouping = GROUPING.matcher(expr);
        while (grouping.find()) {
            for (var label : grouping.group(2).split(",")) {
                if (!label.isBlank()) {
                    labels.add(label.strip());
                }
            }
        }
        var matchers = MATCHERS.matcher(expr);
        while (matchers.find()) {
            var label = MATCHER_LABEL.matcher(matchers.group());
            while (label.find()) {
                labels.add(label.group(1));
            }
        }
        labels.removeAll(NOT_FROM_THE_SCRAPE);
        return labels;
    }

    /** The metric names the expression selects, sorted. Grafana's label_values(selector, label) counts as its selector. */
    public static Set<String> of(String expression) {
        var labelValues = LABEL_VALUES.matcher(expression);
        var expr = labelValues.matches() ? labelValues.group(1) : expression;
        expr = STRING.matcher(expr).replaceAll(" ");
        expr = MATCHERS.matcher(expr).replaceAll(" ");
        expr = RANGE.matcher(expr).replaceAll(" ");
        expr = LABEL_LIST.matcher(expr).replaceAll(" ");
        expr = GRAFANA_VARIABLE.matcher(expr).replaceAll(" ");
        var names = new TreeSet<String>();
        Matcher identifier = IDENTIFIER.matcher(expr);
        while (identifier.find()) {
            var name = identifier.group();
            if (!KEYWORDS.contains(name) && !calledAsFunction(expr, identifier.end())) {
                names.add(name);
            }
        }
        return names;
    }

    private static boolean calledAsFunction(String expr, int end) {
        int i = end;
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i < expr.length() && expr.charAt(i) == '(';
    }
}

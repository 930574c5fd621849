package io.horadus.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads Prometheus text exposition (format 0.0.4) the way Prometheus' own scraper does: sample lines
 * {@code name{label="value",...} value [timestamp]}, HELP and TYPE comments, other comments and blank
 * lines ignored. Also takes what OpenMetrics pages add to it (exemplars after '#', "# EOF", quoted
 * UTF-8 names), as apps behind the same client libraries emit those too.
 *
 * <p>No Maven Central library reads this format (client_java 1.x only writes it), hence this one. A
 * bad line never throws: it is counted and the first few are kept with their line number, since a
 * person fixing the app wants to know where. Work is linear in the page, which the probe already
 * bounds.
 */
final class PrometheusTextParser {

    /** Enough to show what is wrong without turning a status message into a listing. */
    static final int PROBLEMS_KEPT = 3;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern INFINITY = Pattern.compile("[+-]?(?i:inf|infinity)");
    private static final Pattern NOT_A_NUMBER = Pattern.compile("(?i:nan)");
    /** Milliseconds in Prometheus' format, seconds with a fraction in OpenMetrics'. */
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+(?:\\.\\d+)?");
    /** The text format's types and the ones OpenMetrics adds. */
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped",
            "unknown", "info", "stateset", "gaugehistogram");
    private static final int EXCERPT = 30;

    private PrometheusTextParser() {
    }

    static Scrape parse(String text) {
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        Set<Series> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        int problemCount = 0;
        int lineNumber = 0;
        for (String line : text == null ? List.<String>of() : text.lines().toList()) {
            lineNumber++;
            try {
                Optional<Sample> sample = new LineReader(line.strip()).read();
                if (sample.isPresent()) {
                    Series series = sample.get().series();
                    // Summing both copies would count one series twice; Prometheus drops such a page's duplicates too.
                    if (!seen.add(series)) {
                        throw new Malformed("duplicate series " + excerpt(series.name()));
                    }
                    samples.computeIfAbsent(series.name(), n -> new ArrayList<>()).add(sample.get());
                }
            } catch (Malformed e) {
                problemCount++;
                if (problems.size() < PROBLEMS_KEPT) {
                    problems.add("line " + lineNumber + ": " + e.getMessage());
                }
            }
        }
        return new Scrape(samples, problems, problemCount);
    }

    private static String excerpt(String token) {
        return "'" + OneLine.excerpt(token, EXCERPT) + "'";
    }

    /** Why one line cannot be read. Carries no stack trace: it is an answer, not a fault. */
    private static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    /** One stripped line, read left to right. */
    private static final class LineReader {

        private final String line;
        private int pos;

        LineReader(String line) {
            this.line = line;
        }

        Optional<Sample> read() throws Malformed {
            if (line.isEmpty()) {
                return Optional.empty();
            }
            if (line.charAt(0) == '#') {
                comment();
                return Optional.empty();
            }
            return Optional.of(sample());
        }

        /** HELP and TYPE are checked as Prometheus does; any other comment is free text. */
        private void comment() throws Malformed {
            String[] tokens = line.substring(1).strip().split("[ \\t]+", 4);
            if (tokens[0].equals("HELP")) {
                if (tokens.length < 2 || !metadataName(tokens[1])) {
                    throw new Malformed("HELP without a metric name");
                }
            } else if (tokens[0].equals("TYPE")) {
                if (tokens.length != 3 || !metadataName(tokens[1])) {
                    throw new Malformed("TYPE needs a metric name and a type");
                }
                if (!TYPES.contains(tokens[2])) {
                    throw new Malformed("unknown type " + excerpt(tokens[2]));
                }
            }
        }

        private static boolean metadataName(String token) {
            return NAME.matcher(token).matches() || token.startsWith("\"");
        }

        private Sample sample() throws Malformed {
            String name = null;
            if (peek() != '{') {
                name = metricName();
            }
            skipBlanks();
            Map<String, String> labels = new HashMap<>();
            if (peek() == '{') {
                pos++;
                name = labels(labels, name);
            } else if (!atEnd() && pos == name.length()) {
                // No blank after the name: the name runs into a character no name may hold.
                throw new Malformed("invalid metric name " + excerpt(line.substring(0, pos + 1)));
            }
            if (name == null) {
                throw new Malformed("no metric name");
            }
            skipBlanks();
            String valueToken = token();
            if (valueToken.isEmpty()) {
                throw new Malformed("no value for " + excerpt(name));
            }
            double value = value(valueToken);
            skipBlanks();
            if (!atEnd() && peek() != '#') {
                String timestamp = token();
                if (!TIMESTAMP.matcher(timestamp).matches()) {
                    throw new Malformed("invalid timestamp " + excerpt(timestamp));
                }
                skipBlanks();
            }
            // What follows '#' is an exemplar (OpenMetrics), which the rules do not use.
            if (!atEnd() && peek() != '#') {
                throw new Malformed("unexpected text after the value: " + excerpt(line.substring(pos)));
            }
            return new Sample(new Series(name, labels), value);
        }

        private String metricName() throws Malformed {
            int start = pos;
            while (!atEnd() && nameChar(peek(), pos == start)) {
                pos++;
            }
            if (pos == start) {
                throw new Malformed("invalid metric name " + excerpt(token()));
            }
            return line.substring(start, pos);
        }

        /** Reads up to and including '}'; returns the metric name, which a quoted first entry may give. */
        private String labels(Map<String, String> labels, String name) throws Malformed {
            boolean first = true;
            while (true) {
                skipBlanks();
                if (atEnd()) {
                    throw new Malformed("labels not closed with '}'");
                }
                if (peek() == '}') {
                    pos++;
                    return name;
                }
                String label;
                if (peek() == '"') {
                    String quoted = quoted("quoted name");
                    skipBlanks();
                    if (peek() != '=') {
                        if (!first || name != null) {
                            throw new Malformed("quoted metric name " + excerpt(quoted) + " must come first");
                        }
                        name = quoted;
                        first = false;
                        separator();
                        continue;
                    }
                    label = quoted;
                } else {
                    label = labelName();
                }
                skipBlanks();
                if (peek() != '=') {
                    throw new Malformed("no '=' after label " + excerpt(label));
                }
                pos++;
                skipBlanks();
                if (peek() != '"') {
                    throw new Malformed("label " + excerpt(label) + " has no quoted value");
                }
                if (labels.put(label, quoted("value of label " + excerpt(label))) != null) {
                    throw new Malformed("duplicate label " + excerpt(label));
                }
                first = false;
                separator();
            }
        }

        /** After a label: ',' (a trailing one is allowed) or the closing '}', which the loop takes. */
        private void separator() throws Malformed {
            skipBlanks();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw new Malformed(atEnd() ? "labels not closed with '}'" : "expected ',' or '}' in labels");
            }
        }

        private String labelName() throws Malformed {
            int start = pos;
            while (!atEnd() && nameChar(peek(), pos == start) && peek() != ':') {
                pos++;
            }
            if (pos == start) {
                throw new Malformed("invalid label name at " + excerpt(line.substring(pos)));
            }
            return line.substring(start, pos);
        }

        /**
         * A double-quoted string. \\, \" and \n are escapes; any other backslash pair is kept as
         * written, which is what Prometheus' scraper does with it.
         */
        private String quoted(String what) throws Malformed {
            pos++;
            StringBuilder value = new StringBuilder();
            while (!atEnd()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && !atEnd()) {
                    char escaped = line.charAt(pos++);
                    switch (escaped) {
                        case '\\', '"' -> value.append(escaped);
                        case 'n' -> value.append('\n');
                        default -> value.append('\\').append(escaped);
                    }
                } else {
                    value.append(c);
                }
            }
            throw new Malformed(what + " not closed with '\"'");
        }

        private static double value(String token) throws Malformed {
            if (NUMBER.matcher(token).matches()) {
                return Double.parseDouble(token);
            }
            if (INFINITY.matcher(token).matches()) {
                return token.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            if (NOT_A_NUMBER.matcher(token).matches()) {
                return Double.NaN;
            }
            throw new Malformed("invalid value " + excerpt(token));
        }

        private static boolean nameChar(char c, boolean first) {
            return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
        }

        private String token() {
            int start = pos;
            while (!atEnd() && !blank(peek())) {
                pos++;
            }
            return line.substring(start, pos);
        }

        private void skipBlanks() {
            while (!atEnd() && blank(peek())) {
                pos++;
            }
        }

        private static boolean blank(char c) {
            return c == ' ' || c == '\t';
        }

        private boolean atEnd() {
            return pos >= line.length();
        }

        /** The current character, or NUL at the end, which no rule of the format accepts. */
        private char peek() {
            return atEnd() ? '\0' : line.charAt(pos);
        }
    }
}

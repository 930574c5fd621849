package io.horadus.verify;

import io.horadus.verify.LabelMatcher.Operator;

import java.util.ArrayList;
import java.util.List;

/**
 * A PromQL instant-vector selector without functions, as spec.verify.metrics rules name series:
 * {@code name{label="v",label!="v",label=~"re",label!~"re"}}. Values are PromQL (Go) double-quoted
 * strings, so a regex's backslash is written doubled: {@code path=~"/api/.*\\.json"}.
 */
final class Selector {

    private final String text;
    private final String metric;
    private final List<LabelMatcher> matchers;

    private Selector(String text, String metric, List<LabelMatcher> matchers) {
        this.text = text;
        this.metric = metric;
        this.matchers = List.copyOf(matchers);
    }

    static Selector parse(String text) throws SelectorException {
        if (text == null || text.isEmpty()) {
            throw new SelectorException("no selector");
        }
        return new Reader(text).selector();
    }

    /** The selector as the spec spells it, for check details. */
    String text() {
        return text;
    }

    List<Sample> select(Scrape scrape) throws SelectorException {
        List<Sample> selected = new ArrayList<>();
        MatchBudget budget = new MatchBudget();
        for (Sample sample : scrape.samples(metric)) {
            if (matches(sample.series(), budget)) {
                selected.add(sample);
            }
        }
        return selected;
    }

    private boolean matches(Series series, MatchBudget budget) throws SelectorException {
        for (LabelMatcher matcher : matchers) {
            if (!matcher.matches(series, budget)) {
                return false;
            }
        }
        return true;
    }

    private static final class Reader {

        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        Selector selector() throws SelectorException {
            String metric = name(true, "metric name");
            List<LabelMatcher> matchers = new ArrayList<>();
            if (pos < text.length()) {
                expect('{');
                while (peek() != '}') {
                    if (!matchers.isEmpty()) {
                        expect(',');
                    }
                    matchers.add(matcher());
                }
                pos++;
            }
            if (pos < text.length()) {
                throw new SelectorException("unexpected text after the selector: " + OneLine.excerpt(text.substring(pos), 40));
            }
            return new Selector(text, metric, matchers);
        }

        private LabelMatcher matcher() throws SelectorException {
            String label = name(false, "label name");
            Operator operator;
            if (text.startsWith("=~", pos)) {
                operator = Operator.MATCHES;
            } else if (text.startsWith("!~", pos)) {
                operator = Operator.NOT_MATCHES;
            } else if (text.startsWith("!=", pos)) {
                operator = Operator.NOT_EQUAL;
            } else if (text.startsWith("=", pos)) {
                operator = Operator.EQUAL;
            } else {
                throw new SelectorException("no =, !=, =~ or !~ after label " + label);
            }
            pos += operator.symbol.length();
            return LabelMatcher.of(label, operator, quoted(label));
        }

        private String name(boolean metric, String what) throws SelectorException {
            int start = pos;
            while (pos < text.length() && nameChar(text.charAt(pos), pos == start, metric)) {
                pos++;
            }
            if (pos == start) {
                throw new SelectorException("no " + what + " at " + excerptFrom(start));
            }
            return text.substring(start, pos);
        }

        private static boolean nameChar(char c, boolean first, boolean metric) {
            return c == '_' || (metric && c == ':') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (!first && c >= '0' && c <= '9');
        }

        /** PromQL's double-quoted string: Go's escapes, except hex, Unicode and octal ones. */
        private String quoted(String label) throws SelectorException {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = pos < text.length() ? text.charAt(pos++) : ' ';
                switch (escaped) {
                    case '\\', '"', '\'' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'a' -> value.append('\u0007');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'v' -> value.append('\u000b');
                    default -> throw new SelectorException("unknown escape \\" + escaped + " in the value of label " + label
                            + " (a regex escape needs a doubled backslash, as in PromQL)");
                }
            }
            throw new SelectorException("value of label " + label + " not closed with '\"'");
        }

        private void expect(char c) throws SelectorException {
            if (peek() != c) {
                throw new SelectorException("expected '" + c + "' at " + excerptFrom(pos));
            }
            pos++;
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private String excerptFrom(int start) {
            return start >= text.length() ? "the end" : "'" + OneLine.excerpt(text.substring(start), 40) + "'";
        }
    }
}

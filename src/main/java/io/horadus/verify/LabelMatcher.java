package io.horadus.verify;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher of a selector, with PromQL's meaning: a missing label has the value "", and a
 * regex must match the whole value ('.' includes newlines, as in Prometheus 3).
 */
record LabelMatcher(String label, Operator operator, String value, Pattern regex) {

    enum Operator {
        EQUAL("="), NOT_EQUAL("!="), MATCHES("=~"), NOT_MATCHES("!~");

        final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    static LabelMatcher of(String label, Operator operator, String value) throws SelectorException {
        if (operator == Operator.EQUAL || operator == Operator.NOT_EQUAL) {
            return new LabelMatcher(label, operator, value, null);
        }
        try {
            return new LabelMatcher(label, operator, value, Pattern.compile(value, Pattern.DOTALL));
        } catch (PatternSyntaxException e) {
            throw new SelectorException("invalid regex \"" + OneLine.excerpt(value, 40) + "\" for label " + label + ": "
                    + e.getDescription());
        }
    }

    boolean matches(Series series, MatchBudget budget) throws SelectorException {
        String actual = series.label(label);
        return switch (operator) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case MATCHES -> fullMatch(actual, budget);
            case NOT_MATCHES -> !fullMatch(actual, budget);
        };
    }

    private boolean fullMatch(String actual, MatchBudget budget) throws SelectorException {
        try {
            return regex.matcher(budget.meter(actual)).matches();
        } catch (MatchBudget.Exhausted e) {
            throw new SelectorException("regex \"" + OneLine.excerpt(value, 40) + "\" for label " + label
                    + " takes too long on value \"" + OneLine.excerpt(actual, 40) + "\"");
        }
    }
}

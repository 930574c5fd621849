package io.horadus.verify;

/**
 * How many characters the regexes of one selector may read over one page. Java's regex engine
 * backtracks, unlike the RE2 engine PromQL relies on, so a rule such as {@code (.*a){20}} could
 * otherwise hold a reconcile thread for minutes on a single label value.
 */
final class MatchBudget {

    /** Hundreds of times what matching a page's label values normally reads; well under a second. */
    static final long READS = 2_000_000;

    private long left = READS;

    /** The label value as the regex engine will read it, each read paid from this budget. */
    CharSequence meter(String text) {
        return new Metered(text);
    }

    /** Thrown out of the regex engine, the only way to stop it; caught by the matcher that runs it. */
    static final class Exhausted extends RuntimeException {
        Exhausted() {
            super("regex match over budget", null, false, false);
        }
    }

    private final class Metered implements CharSequence {

        private final String text;

        Metered(String text) {
            this.text = text;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new Exhausted();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}

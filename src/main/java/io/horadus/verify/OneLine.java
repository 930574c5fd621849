package io.horadus.verify;

/** Turns text from a probed endpoint into a short single line fit for a status message. */
final class OneLine {

    private OneLine() {
    }

    /**
     * The first non-blank line of {@code text}, control characters dropped, cut to {@code max}
     * characters (an ellipsis marks the cut); empty when there is nothing printable.
     */
    static String excerpt(String text, int max) {
        if (text == null) {
            return "";
        }
        String line = text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
        String printable = line.codePoints().filter(cp -> !Character.isISOControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        if (printable.length() <= max) {
            return printable;
        }
        return printable.substring(0, Math.max(0, max - 1)) + "…";
    }
}

package io.horadus.verify;

import java.util.regex.Pattern;

/**
 * Recognises Prometheus text exposition: a page passes when it holds at least one sample line,
 * so an HTML error page, a bare "ok" or a page of only HELP/TYPE comments does not.
 */
final class PrometheusText {

    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*+";
    /** Label values are quoted and may hold '}' or escaped quotes. */
    private static final String LABELS = "\\{(?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*+\")*+\\}";
    private static final String VALUE = "[+-]?(?:(?i:inf|nan)|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)";
    private static final String TIMESTAMP = "-?\\d+(?:\\.\\d+)?";
    /** `name{labels} value [timestamp] [# exemplar]`; labels alone allowed for quoted (UTF-8) metric names. */
    private static final Pattern SAMPLE = Pattern.compile(
            "(?:" + NAME + "(?:[ \\t]*" + LABELS + ")?|" + LABELS + ")"
                    + "[ \\t]++" + VALUE + "(?:[ \\t]++" + TIMESTAMP + ")?(?:[ \\t]++#.*)?");

    private PrometheusText() {
    }

    static boolean hasSample(String body) {
        return body != null && body.lines().map(String::strip).anyMatch(PrometheusText::isSample);
    }

    static boolean isSample(String line) {
        return !line.isEmpty() && !line.startsWith("#") && SAMPLE.matcher(line).matches();
    }
}

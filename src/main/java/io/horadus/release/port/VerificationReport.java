package io.horadus.release.port;

import java.util.List;
import java.util.stream.Collectors;

/** The checks of one verification attempt. */
public record VerificationReport(List<Check> checks) {

    /** One check: a name such as "health", "metrics" or "service api", whether it passed, and why. */
    public record Check(String name, boolean passed, String detail) {
    }

    public VerificationReport {
        checks = List.copyOf(checks);
    }

    /** What Healthy says while a release passes: the same words wherever it is written or compared. */
    public static String passedMessage(String tag) {
        return "every check of " + tag + " passes";
    }

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** One line naming the failed checks, e.g. "health: HTTP 503; service beat: no running container". */
    public String failures() {
        return checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail())
                .collect(Collectors.joining("; "));
    }
}

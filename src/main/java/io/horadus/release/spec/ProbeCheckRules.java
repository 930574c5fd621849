package io.horadus.release.spec;

import io.horadus.api.ExecCheckSpec;
import io.horadus.api.FieldRules;
import io.horadus.api.HttpCheckSpec;
import io.horadus.api.MetricRuleSpec;
import io.horadus.api.VerifySpec;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The spec checks of verify.http and verify.checks: what the schema says (names, one kind per check,
 * bounds), and what it cannot say: the regular expressions compile.
 */
final class ProbeCheckRules {

    private static final Pattern NAME = Pattern.compile(FieldRules.CHECK_NAME);
    private static final Pattern URL = Pattern.compile(FieldRules.HTTP_URL);
    private static final Pattern SERVICE = Pattern.compile(FieldRules.SERVICE_NAME);
    private static final Pattern COMMAND_ARG = Pattern.compile(FieldRules.COMMAND_ARG);

    private ProbeCheckRules() {
    }

    static void check(List<String> problems, VerifySpec verify) {
        var http = verify.getHttp();
        if (http != null) {
            SpecValidator.checkSecretName(problems, "spec.verify.http.headersSecretRef", http.getHeadersSecretRef());
            SpecValidator.checkSecretName(problems, "spec.verify.http.caSecretRef", http.getCaSecretRef());
            if (http.getCaSecretRef() != null && http.isInsecureSkipVerify()) {
                problems.add("spec.verify.http: caSecretRef and insecureSkipVerify exclude each other");
            }
        }
        var checks = verify.getChecks();
        if (checks == null || checks.isEmpty()) {
            return;
        }
        if (checks.size() > FieldRules.PROBE_CHECKS_MAX) {
            problems.add("spec.verify.checks holds more than " + FieldRules.PROBE_CHECKS_MAX + " checks");
        }
        var ruleNames = verify.getMetrics() == null ? List.<String>of()
                : verify.getMetrics().stream().filter(Objects::nonNull).map(MetricRuleSpec::getName).toList();
        var names = new HashSet<String>();
        for (int i = 0; i < checks.size(); i++) {
            var field = "spec.verify.checks[" + i + "]";
            var check = checks.get(i);
            if (check == null) {
                problems.add(field + " is empty");
                continue;
            }
            var name = check.getName();
            if (!SpecValidator.matches(NAME, name, FieldRules.NAME_MAX)) {
                problems.add(field + ".name must be a lowercase name (" + FieldRules.CHECK_NAME + ")");
            } else if (name.equals("health") || name.equals("metrics")) {
                problems.add(field + ".name '" + name + "' is the name of a built-in check");
            } else if (!names.add(name)) {
                problems.add(field + ".name '" + name + "' is used twice");
            } else if (ruleNames.contains(name)) {
                problems.add(field + ".name '" + name + "' is also a metric rule's name");
            }
            if ((check.getHttp() == null) == (check.getExec() == null)) {
                problems.add(field + " sets exactly one of http or exec");
            } else if (check.getHttp() != null) {
                checkHttp(problems, field + ".http", check.getHttp());
            } else {
                checkExec(problems, field + ".exec", check.getExec());
            }
        }
    }

    private static void checkHttp(List<String> problems, String field, HttpCheckSpec http) {
        if (!SpecValidator.matches(URL, http.getUrl(), FieldRules.URL_MAX)) {
            problems.add(field + ".url must be an http(s) URL");
        }
        var statuses = http.getExpectStatus() == null ? List.<Integer>of() : http.getExpectStatus();
        if (statuses.size() > FieldRules.STATUSES_MAX) {
            problems.add(field + ".expectStatus holds more than " + FieldRules.STATUSES_MAX + " statuses");
        }
        if (statuses.stream().anyMatch(s -> s == null || s < 100 || s > 599)) {
            problems.add(field + ".expectStatus holds a value that is not an HTTP status (100 to 599)");
        }
        checkText(problems, field + ".bodyContains", http.getBodyContains());
        checkPattern(problems, field + ".bodyMatches", http.getBodyMatches());
        SpecValidator.checkSecretName(problems, field + ".headersSecretRef", http.getHeadersSecretRef());
    }

    private static void checkExec(List<String> problems, String field, ExecCheckSpec exec) {
        if (!SpecValidator.matches(SERVICE, exec.getService(), FieldRules.NAME_MAX)) {
            problems.add(field + ".service '" + exec.getService() + "' is not a compose service name");
        }
        var command = exec.getCommand() == null ? List.<String>of() : exec.getCommand();
        if (command.isEmpty() || command.size() > FieldRules.COMMAND_ARGS_MAX) {
            problems.add(field + ".command needs 1 to " + FieldRules.COMMAND_ARGS_MAX + " arguments");
        }
        if (command.stream().anyMatch(a -> !SpecValidator.matches(COMMAND_ARG, a, FieldRules.COMMAND_ARG_MAX))) {
            problems.add(field + ".command arguments must be at most " + FieldRules.COMMAND_ARG_MAX
                    + " characters without control characters");
        }
        if (exec.getTimeoutSeconds() < FieldRules.EXEC_TIMEOUT_MIN || exec.getTimeoutSeconds() > FieldRules.EXEC_TIMEOUT_MAX) {
            problems.add(field + ".timeoutSeconds must be " + FieldRules.EXEC_TIMEOUT_MIN + " to " + FieldRules.EXEC_TIMEOUT_MAX);
        }
        checkText(problems, field + ".outputContains", exec.getOutputContains());
        checkPattern(problems, field + ".outputMatches", exec.getOutputMatches());
    }

    private static void checkText(List<String> problems, String field, String text) {
        if (text != null && text.length() > FieldRules.MATCH_MAX) {
            problems.add(field + " is longer than " + FieldRules.MATCH_MAX + " characters");
        }
    }

    private static void checkPattern(List<String> problems, String field, String pattern) {
        if (pattern == null) {
            return;
        }
        checkText(problems, field, pattern);
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            problems.add(field + " is not a regular expression: " + e.getDescription());
        }
    }
}

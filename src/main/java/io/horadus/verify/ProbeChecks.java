package io.horadus.verify;

import io.horadus.api.ExecCheckSpec;
import io.horadus.api.HttpCheckSpec;
import io.horadus.api.ProbeCheckSpec;
import io.horadus.release.port.ContainerExec;
import io.horadus.release.port.ExecResult;
import io.horadus.release.port.HostState;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ServiceContainer;
import io.horadus.release.port.VerificationReport.Check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The named checks of verify.checks: an HTTP GET judged by status and body, or a command inside a
 * service's running container judged by exit code and output.
 */
final class ProbeChecks {

    /** Keeps a failure detail short: status messages are read in `kubectl get` output. */
    private static final int EXCERPT = 60;

    private final HttpProbe probe;
    private final ContainerExec exec;

    ProbeChecks(HttpProbe probe, ContainerExec exec) {
        this.probe = probe;
        this.exec = exec;
    }

    Check check(ProbeCheckSpec spec, HttpSettings http, HostState host, ProbeAccess access) {
        if (spec.getHttp() != null) {
            return http(spec.getName(), spec.getHttp(), http, access);
        }
        return exec(spec.getName(), spec.getExec(), host, access);
    }

    private Check http(String name, HttpCheckSpec spec, HttpSettings http, ProbeAccess access) {
        Map<String, String> headers = spec.getHeadersSecretRef() == null
                ? http.headers() : access.secrets().headersOf(spec.getHeadersSecretRef());
        ProbeOutcome outcome = probe.get(spec.getUrl(), headers, http.trust());
        if (outcome instanceof ProbeOutcome.Unreachable u) {
            return new Check(name, false, u.reason());
        }
        var answer = (ProbeOutcome.Answered) outcome;
        var expected = spec.getExpectStatus() == null ? List.<Integer>of() : spec.getExpectStatus();
        boolean statusPasses = expected.isEmpty() ? answer.success() : expected.contains(answer.status());
        if (!statusPasses) {
            return new Check(name, false, HttpVerifier.statusDetail(answer)
                    + (expected.isEmpty() ? "" : ", expected " + expected));
        }
        String status = "HTTP " + answer.status();
        return textCheck(name, status, "body", answer.body(), spec.getBodyContains(), spec.getBodyMatches());
    }

    private Check exec(String name, ExecCheckSpec spec, HostState host, ProbeAccess access) {
        var running = host.service(spec.getService()).stream().filter(ServiceContainer::running).findFirst();
        if (running.isEmpty()) {
            return new Check(name, false, "no running container of service " + spec.getService());
        }
        var timeout = Duration.ofSeconds(spec.getTimeoutSeconds());
        ExecResult result = exec.exec(access.target(), running.get().id(), spec.getCommand(), timeout);
        if (result instanceof ExecResult.TimedOut) {
            return new Check(name, false, "timed out after " + timeout.toSeconds() + "s");
        }
        if (result instanceof ExecResult.Failed failed) {
            return new Check(name, false, failed.reason());
        }
        var exited = (ExecResult.Exited) result;
        if (exited.exitCode() != 0) {
            String excerpt = OneLine.excerpt(exited.output(), EXCERPT);
            return new Check(name, false, "exit " + exited.exitCode() + (excerpt.isEmpty() ? "" : ": " + excerpt));
        }
        return textCheck(name, "exit 0", "output", exited.output(), spec.getOutputContains(), spec.getOutputMatches());
    }

    /** The answer's text must contain {@code contains} and match {@code matches} where they are set. */
    private static Check textCheck(String name, String passed, String what, String text, String contains, String matches) {
        if (contains != null && !contains.isEmpty() && !text.contains(contains)) {
            return new Check(name, false, passed + ", " + what + " lacks '" + OneLine.excerpt(contains, EXCERPT) + "'");
        }
        if (matches != null && !matches.isEmpty()) {
            try {
                if (!Pattern.compile(matches).matcher(new MatchBudget().meter(text)).find()) {
                    return new Check(name, false, passed + ", " + what + " does not match /" + OneLine.excerpt(matches, EXCERPT) + "/");
                }
            } catch (PatternSyntaxException e) {
                // The spec checks refuse such a pattern; an old object admitted without them still gets a clear answer.
                return new Check(name, false, "invalid pattern /" + OneLine.excerpt(matches, EXCERPT) + "/");
            } catch (MatchBudget.Exhausted e) {
                return new Check(name, false, passed + ", " + what + " pattern took too long to match");
            }
        }
        return new Check(name, true, passed);
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.Reason;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.SourceUnavailableException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import org.jboss.logging.Logger;

/**
 * The log of a reconcile that threw, one entry per attempt. An error from outside the operator (a git
 * remote that does not answer or has no such repository, a Docker engine that does not answer, an API
 * server that refuses a write) is a condition of the release and one WARN line naming the release, the
 * reason status gives, the message and the tag: its stack trace says nothing the message does not, and a release
 * whose spec names a missing repository fails at every retry (issue 16: 13,600 lines in 20 minutes). Any
 * other exception is a bug of the operator: ERROR with its stack trace.
 *
 * <p>JOSDK would log each failed attempt again, stack trace included ("Uncaught error during event
 * processing", at WARN), so its EventProcessor logs at ERROR only (application.properties): every failure
 * reaches {@code updateErrorStatus}, and this is its one entry.
 */
final class FailedAttemptLog {

    private static final Logger LOG = Logger.getLogger(FailedAttemptLog.class);

    /** What one failed attempt looks like in the log. */
    record Entry(boolean outside, String line) {
    }

    void failed(String key, String tag, Reason reason, Exception error, RetryInfo retry, RuntimeException statusNotSaved) {
        var entry = entry(key, tag, reason, error, retry, statusNotSaved);
        if (entry.outside()) {
            LOG.warn(entry.line());
        } else {
            LOG.error(entry.line(), error);
        }
    }

    static Entry entry(String key, String tag, Reason reason, Exception error, RetryInfo retry, RuntimeException statusNotSaved) {
        var attempt = retry == null ? 1 : retry.getAttemptCount() + 1;
        var next = retry != null && retry.isLastAttempt()
                ? "the last: tried again on the release's next event"
                : "retried with backoff";
        var unsaved = statusNotSaved == null ? "" : "; status not saved: " + oneLine(message(statusNotSaved));
        var outside = fromOutside(error);
        var what = outside ? oneLine(message(error)) : "unexpected " + error.getClass().getName() + ": " + oneLine(message(error));
        return new Entry(outside, key + ": " + reason + ": " + what + " (tag " + tag + ", attempt " + attempt + ", " + next + unsaved + ")");
    }

    /**
     * An error of the world outside, which a retry may clear: none of these is a bug of the operator. An
     * attempt cut short because the operator is stopping (a leader that lost its Lease, a pod deleted) is
     * one too: the next leader or the restarted process resumes the release from status.
     */
    static boolean fromOutside(Throwable error) {
        for (var t = error; t != null; t = t.getCause()) {
            if (t instanceof SourceUnavailableException || t instanceof HostUnavailableException || t instanceof KubernetesClientException
                    || t instanceof java.util.concurrent.CancellationException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable error) {
        return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}

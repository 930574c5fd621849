package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.Reason;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.SourceUnavailableException;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class FailedAttemptLogTest {

    @Test
    @DisplayName("a missing git repository: one line naming the release, the reason, the tag, the remote's answer and the attempt")
    void missingRepository() {
        var error = new SourceUnavailableException("git fetch of https://git.example/none.git failed: https://git.example/none.git: not found.",
                new IOException("HTTP 404"));

        var entry = FailedAttemptLog.entry("team-a/web", "v1.1.0", Reason.SourceUnreachable, error, attempt(2, false), null);

        assertThat(entry.outside()).isTrue();
        assertThat(entry.line()).isEqualTo("team-a/web: SourceUnreachable: git fetch of https://git.example/none.git failed:"
                + " https://git.example/none.git: not found. (tag v1.1.0, attempt 3, retried with backoff)");
    }

    @Test
    @DisplayName("the first attempt (no retry yet), a Docker engine that does not answer, and the API server's refusals are from outside too")
    void otherOutsideErrors() {
        var engine = new HostUnavailableException("Docker engine at unix:///var/run/docker.sock did not answer", new IOException("refused"));
        var conflict = new KubernetesClientException("Operation cannot be fulfilled: the object has been modified", 409, null);

        assertThat(FailedAttemptLog.entry("ns/a", "v1.0.0", Reason.HostUnreachable, engine, null, null).line())
                .isEqualTo("ns/a: HostUnreachable: Docker engine at unix:///var/run/docker.sock did not answer (tag v1.0.0, attempt 1, retried with backoff)");
        assertThat(FailedAttemptLog.fromOutside(conflict)).isTrue();
        assertThat(FailedAttemptLog.fromOutside(new IllegalStateException("wrapped", engine))).as("through the cause chain").isTrue();
        assertThat(FailedAttemptLog.fromOutside(new java.util.concurrent.CancellationException("the executor was shut down")))
                .as("an attempt cut short by the operator stopping").isTrue();
        assertThat(FailedAttemptLog.fromOutside(new IllegalStateException(new InterruptedException()))).isTrue();
        assertThat(FailedAttemptLog.fromOutside(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    @DisplayName("a message of several lines stays one line; the last attempt says so; a status not saved is said too")
    void oneLineAlways() {
        var error = new SourceUnavailableException("git fetch failed:\n  remote: Repository not found.\n", null);
        var saveFailed = new KubernetesClientException("Conflict\nthe object has been modified", 409, null);

        var line = FailedAttemptLog.entry("ns/a", "v1.0.0", Reason.SourceUnreachable, error, attempt(19, true), saveFailed).line();

        assertThat(line).doesNotContain("\n")
                .isEqualTo("ns/a: SourceUnreachable: git fetch failed: | remote: Repository not found. (tag v1.0.0, attempt 20, the last:"
                        + " tried again on the release's next event; status not saved: Conflict | the object has been modified)");
    }

    @Test
    @DisplayName("anything else is a bug of the operator: not from outside, named by its class (the log adds its stack trace)")
    void bug() {
        var entry = FailedAttemptLog.entry("ns/a", "v1.0.0", Reason.RetryingAfterError, new NullPointerException(), attempt(0, false), null);

        assertThat(entry.outside()).isFalse();
        assertThat(entry.line()).isEqualTo("ns/a: RetryingAfterError: unexpected java.lang.NullPointerException: NullPointerException"
                + " (tag v1.0.0, attempt 1, retried with backoff)");
    }

    private static RetryInfo attempt(int count, boolean last) {
        return new RetryInfo() {
            @Override
            public int getAttemptCount() {
                return count;
            }

            @Override
            public boolean isLastAttempt() {
                return last;
            }
        };
    }
}

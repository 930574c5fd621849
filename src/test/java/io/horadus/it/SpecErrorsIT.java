package io.horadus.it;

import io.horadus.api.Condition;
import io.horadus.demo.SampleApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Errors a release's spec causes (issue 16: a git URL that does not exist logged a whole stack trace as
 * "Uncaught error during event processing" at every retry): each is a condition, and in the operator's
 * log one line per attempt at most, never a stack trace.
 */
class SpecErrorsIT extends OperatorHarness {

    @Test
    @DisplayName("a git URL that does not exist, a missing Secret, a tag that does not exist: a condition each, one WARN line per retry, no stack trace")
    void conditionsAndOneLineEach() throws Exception {
        var app = app();
        var git = repositoryWith(app.ok("v1.0.0"));
        var missingRepository = scratch.resolve("no-such-repository.git").toUri().toString();

        releases.create("no-repo", "v1.0.0", missingRepository, app.project(), app.ok("v1.0.0"));
        releases.create("no-secret", "v1.0.0", git.url(), app.project(), app.ok("v1.0.0"),
                spec -> spec.getSource().setSecretRef("git-credentials-that-do-not-exist"));
        releases.create("no-tag", "v9.9.9", git.url(), app.project(), app.ok("v1.0.0"));

        await().atMost(Duration.ofMinutes(1)).until(() -> reason("no-repo", "Reconciling").equals("SourceUnreachable"));
        assertThat(releases.condition("no-repo", "Reconciling").map(Condition::getMessage).orElseThrow()).contains("no-such-repository.git");
        await().atMost(Duration.ofMinutes(1)).until(() -> reason("no-secret", "Stalled").equals("SecretInvalid"));
        await().atMost(Duration.ofMinutes(1)).until(() -> reason("no-tag", "Stalled").equals("TagNotFound"));

        // Backoff 2 s, 4 s, 8 s: a fourth attempt comes about 14 s after the first.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(() -> attemptLines().size() >= 4);

        var log = operator.log().lines().toList();
        var attempts = attemptLines();
        assertThat(attempts).allSatisfy(line -> assertThat(line).contains(" WARN ").contains("SourceUnreachable: cannot fetch")
                .contains("no-such-repository.git").containsPattern("\\(tag v1\\.0\\.0, attempt \\d+, retried with backoff\\)"));
        assertThat(log).as("lines naming the release other than its attempts and the reconciler's DEBUG timing")
                .filteredOn(line -> line.contains("no-repo") && !line.contains(" DEBUG ") && !attempts.contains(line)).isEmpty();
        assertThat(log).as("stack trace lines in the operator's log").noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by: "));
        assertThat(log).noneMatch(line -> line.contains("Uncaught error during event processing"));
    }

    /** The operator's one line per failed attempt of the release whose repository does not exist. */
    private List<String> attemptLines() throws Exception {
        return operator.log().lines().filter(line -> line.contains("default/no-repo: SourceUnreachable")).toList();
    }

    private String reason(String release, String type) {
        return releases.condition(release, type).map(Condition::getReason).orElse("");
    }
}

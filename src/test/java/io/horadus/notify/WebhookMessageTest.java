package io.horadus.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.Phase;
import io.horadus.release.notify.Notice;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat line of a message: one line whatever the message holds, bounded, and the whole message kept beside it. */
class WebhookMessageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("a failure whose message spans lines and runs long: text is one line of at most 300 characters; message keeps it all")
    void oneBoundedLine() throws Exception {
        var message = "gate test of v1.2.0 failed with exit code 2 after 41s:\n  FAILED tests/test_api.py::test_login\n" + "x".repeat(500);
        var notice = new Notice(Notice.Kind.Failed, "shop", "web", "v1.2.0", "abc1234", "v1.1.0", "v1.1.0", "GateFailed", Phase.Failed, message,
                Optional.empty(), Instant.parse("2026-12-06T10:00:00Z"));

        var json = JSON.readTree(new WebhookMessage().of(notice));

        var text = json.path("text").asText();
        assertThat(text).startsWith("❌ shop/web: v1.2.0 failed (GateFailed): gate test of v1.2.0 failed with exit code 2 after 41s: FAILED tests/test_api.py::test_login xxx")
                .endsWith("…").doesNotContain("\n");
        assertThat(text).hasSize(WebhookMessage.TEXT_LIMIT);
        assertThat(json.path("message").asText()).isEqualTo(message);
        assertThat(json.path("time").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(json.has("incident")).isFalse();
    }

    @Test
    @DisplayName("a release without a commit yet (its tag not resolved): the field is left out, not null")
    void absentFieldsLeftOut() throws Exception {
        var notice = new Notice(Notice.Kind.Failed, "shop", "web", "v9.9.9", null, null, null, "TagNotFound", Phase.Failed, "tag v9.9.9 not found",
                Optional.empty(), Instant.parse("2026-12-06T10:00:00Z"));

        var json = JSON.readTree(new WebhookMessage().of(notice));

        assertThat(json.has("commit")).isFalse();
        assertThat(json.has("currentTag")).isFalse();
        assertThat(json.path("text").asText()).isEqualTo("❌ shop/web: v9.9.9 failed (TagNotFound): tag v9.9.9 not found");
    }
}

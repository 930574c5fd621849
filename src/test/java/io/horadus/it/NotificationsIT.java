package io.horadus.it;

import io.fabric8.kubernetes.api.model.Event;
import io.horadus.api.NotifySpec;
import io.horadus.api.SecretKeyRef;
import io.horadus.api.WebhookSpec;
import io.horadus.testing.WebhookServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications through the packaged operator: a release's own webhook (spec.notify) and the operator's
 * (horadus.notify.secret), each URL from a Secret, told when a release is Ready; a release whose webhook
 * Secret is missing is Ready all the same, with a NotificationFailed event naming the Secret.
 */
class NotificationsIT extends OperatorHarness {

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(3);
    private static final String RELEASE_HOOK = "/services/T01/B02/release-token-4410";
    private static final String TEAM_HOOK = "/hooks/team-token-9921";

    private final WebhookServer webhooks = new WebhookServer();

    @Override
    protected Map<String, String> settings() {
        var settings = new HashMap<>(super.settings());
        settings.put("horadus.notify.secret", "all-releases");
        settings.put("horadus.notify.namespace", Releases.NAMESPACE);
        return settings;
    }

    @AfterAll
    void stopWebhooks() {
        webhooks.close();
    }

    @Test
    @DisplayName("Ready: the release's webhook and the operator's each get a Released message; a missing webhook Secret is an event, never a hold")
    void releasedThroughTheOperator() throws Exception {
        secret("all-releases", Map.of("url", webhooks.url(TEAM_HOOK)));
        secret("release-hook", Map.of("url", webhooks.url(RELEASE_HOOK)));
        var app = app();
        var other = app();
        var v100 = app.ok("v1.0.0");
        var git = repositoryWith(v100);
        var otherGit = repositoryWith(other.ok("v1.0.0"));

        releases.create("told", "v1.0.0", git.url(), app.project(), v100,
                spec -> spec.setNotify(new NotifySpec(new WebhookSpec(new SecretKeyRef("release-hook", "url")))));
        releases.create("untold", "v1.0.0", otherGit.url(), other.project(), other.ok("v1.0.0"),
                spec -> spec.setNotify(new NotifySpec(new WebhookSpec(new SecretKeyRef("no-such-hook", "url")))));
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("told", "v1.0.0") && releases.readyAt("untold", "v1.0.0"));

        var received = new ArrayList<WebhookServer.Received>();
        for (int i = 0; i < 3; i++) {
            received.add(webhooks.next(Duration.ofMinutes(1)));
        }
        assertThat(received).extracting(m -> m.json().path("release").asText() + " " + m.path())
                .containsExactlyInAnyOrder("default/told " + RELEASE_HOOK, "default/told " + TEAM_HOOK, "default/untold " + TEAM_HOOK);
        var commit = releases.get("told").getStatus().getCurrentCommit();
        assertThat(received).filteredOn(m -> m.json().path("release").asText().equals("default/told")).allSatisfy(m -> {
            assertThat(m.json().path("text").asText()).isEqualTo("✅ default/told: v1.0.0 (" + commit + ") is released and verified");
            assertThat(List.of(m.json().path("kind").asText(), m.json().path("tag").asText(), m.json().path("phase").asText()))
                    .containsExactly("Released", "v1.0.0", "Ready");
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events("untold", "NotificationFailed")).extracting(Event::getMessage)
                .containsExactly("Secret no-such-hook (spec.notify.webhook.secretRef) not found in namespace default: no notification sent"));
        assertThat(events("told", "NotificationFailed")).isEmpty();
        assertThat(operator.log()).doesNotContain("release-token-4410", "team-token-9921");
    }

    private List<Event> events(String release, String reason) {
        return cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems().stream()
                .filter(e -> release.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }
}

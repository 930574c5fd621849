package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * Who is told when this release is released, rolled back, fails a gate or a step, or waits for a reviewer.
 * A notification is a courtesy: one that cannot be sent never holds or fails the release.
 */
public class NotifySpec {

    @Required
    @JsonPropertyDescription("An incoming webhook (Slack, Mattermost, Teams or any HTTP endpoint) that receives a JSON message per notification.")
    private WebhookSpec webhook;

    public NotifySpec() {
    }

    public NotifySpec(WebhookSpec webhook) {
        this.webhook = webhook;
    }

    public WebhookSpec getWebhook() { return webhook; }
    public void setWebhook(WebhookSpec webhook) { this.webhook = webhook; }
}

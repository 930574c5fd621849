package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A webhook whose URL is a secret (a Slack or Teams URL is its own credential): it is read from a Secret, never written in the spec. */
public class WebhookSpec {

    @Required
    @JsonPropertyDescription("The key of a Secret, in the release's namespace, whose value is the webhook's http(s) URL.")
    private SecretKeyRef secretRef;

    public WebhookSpec() {
    }

    public WebhookSpec(SecretKeyRef secretRef) {
        this.secretRef = secretRef;
    }

    public SecretKeyRef getSecretRef() { return secretRef; }
    public void setSecretRef(SecretKeyRef secretRef) { this.secretRef = secretRef; }
}

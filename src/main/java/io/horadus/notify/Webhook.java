package io.horadus.notify;

import java.net.URI;

/**
 * Where a notification is posted. The URL is a credential (anyone who has a Slack or Teams webhook URL may
 * post to its channel): it is never printed; {@code origin} says where it was read from, for logs and events.
 *
 * @param origin e.g. "Secret shop-hooks key 'url' (spec.notify.webhook)"
 */
public record Webhook(URI url, String origin) {

    @Override
    public String toString() {
        return "Webhook[" + origin + "]";
    }
}

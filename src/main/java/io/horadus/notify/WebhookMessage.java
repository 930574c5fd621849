package io.horadus.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.release.notify.Notice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A notice as the JSON a webhook receives: {@code text}, one line that Slack, Mattermost and Teams incoming
 * webhooks show as the message, and the notice's fields for anything else that reads it (null fields left out).
 */
final class WebhookMessage {

    /** Chat clients fold long messages; the whole message stays in {@code message}. */
    static final int TEXT_LIMIT = 300;

    private final ObjectMapper json = new ObjectMapper();

    byte[] of(Notice notice) {
        var body = new LinkedHashMap<String, Object>();
        body.put("text", text(notice));
        body.put("kind", notice.kind().name());
        body.put("release", notice.release());
        body.put("namespace", notice.namespace());
        body.put("name", notice.name());
        put(body, "tag", notice.tag());
        put(body, "commit", notice.commit());
        put(body, "currentTag", notice.currentTag());
        put(body, "lastGoodTag", notice.lastGoodTag());
        body.put("reason", notice.reason());
        put(body, "phase", notice.phase() == null ? null : notice.phase().name());
        body.put("message", notice.message());
        notice.incident().ifPresent(incident -> {
            var fields = new LinkedHashMap<String, Object>();
            put(fields, "fromTag", incident.fromTag());
            put(fields, "fromCommit", incident.fromCommit());
            put(fields, "toTag", incident.toTag());
            put(fields, "toCommit", incident.toCommit());
            put(fields, "detectedAt", incident.detectedAt());
            put(fields, "restoredFrom", incident.restoredFrom());
            put(fields, "state", incident.state());
            fields.put("failedChecks", incident.failedChecks().stream().map(c -> {
                var check = new LinkedHashMap<String, Object>();
                check.put("name", c.name());
                put(check, "detail", c.detail());
                return check;
            }).toList());
            body.put("incident", fields);
        });
        body.put("time", notice.at().toString());
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /** "⏪ shop/web: v1.3.0 rolled back to v1.2.0 after its checks stayed failed: http (HTTP 500)": one line, bounded. */
    static String text(Notice notice) {
        var mark = switch (notice.kind()) {
            case Released -> "✅";
            case RolledBack -> "⏪";
            case Failed -> "❌";
            case AwaitingApproval -> "⏳";
        };
        var what = switch (notice.kind()) {
            case Failed -> notice.tag() + " failed (" + notice.reason() + "): " + notice.message();
            default -> notice.message();
        };
        var line = mark + " " + notice.release() + ": " + what.replaceAll("\\s*\\R\\s*", " ").strip();
        return line.length() <= TEXT_LIMIT ? line : line.substring(0, TEXT_LIMIT - 1) + "…";
    }

    private static void put(Map<String, Object> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }
}

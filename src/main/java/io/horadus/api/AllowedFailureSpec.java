package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** The runbook's "accepted exceptions are explicit": a gate may fail only for a written reason. */
public class AllowedFailureSpec {

    @Required
    @Size(min = 1, max = FieldRules.REASON_MAX)
    @Pattern(FieldRules.NOT_BLANK)
    @JsonPropertyDescription("Why this gate may fail without stopping the release (who accepted it, until when); shown in status next to the failure.")
    private String reason;

    public AllowedFailureSpec() {
    }

    public AllowedFailureSpec(String reason) {
        this.reason = reason;
    }

    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
}

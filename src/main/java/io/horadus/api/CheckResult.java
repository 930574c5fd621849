package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A failed check as a person reads it: its name, what it saw, and when. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckResult {

    @JsonPropertyDescription("Check name: health, metrics, service <name>, or a metric rule's name.")
    private String name;

    @JsonPropertyDescription("What the check saw, e.g. HTTP 503, or a ratio with its values.")
    private String detail;

    @JsonPropertyDescription("When (RFC 3339).")
    private String at;

    public CheckResult() {
    }

    public CheckResult(String name, String detail, String at) {
        this.name = name;
        this.detail = detail;
        this.at = at;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getDetail() { return detail; }
    public void setDetail(String detail) { this.detail = detail; }
    public String getAt() { return at; }
    public void setAt(String at) { this.at = at; }
}

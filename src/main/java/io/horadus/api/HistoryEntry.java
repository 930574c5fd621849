package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One finished release. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HistoryEntry {

    @JsonPropertyDescription("Tag released.")
    private String tag;

    @JsonPropertyDescription("Commit the tag pointed to.")
    private String commit;

    @JsonPropertyDescription("The metadata.generation that started this release: the spec revision it released.")
    private Long generation;

    @JsonPropertyDescription("Succeeded, Failed, Superseded or RolledBack.")
    private ReleaseOutcome outcome;

    @JsonPropertyDescription("CamelCase reason for the outcome.")
    private String reason;

    @JsonPropertyDescription("Human-readable detail.")
    private String message;

    @JsonPropertyDescription("When the release started (RFC 3339).")
    private String startedAt;

    @JsonPropertyDescription("When it finished (RFC 3339).")
    private String finishedAt;

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyDescription("The image IDs it ran, per service, when it reached the host (a released, rolled-back or superseded release).")
    private java.util.List<ImageSnapshot> images = new java.util.ArrayList<>();

    public java.util.List<ImageSnapshot> getImages() { return images; }
    public void setImages(java.util.List<ImageSnapshot> images) { this.images = images; }

    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getCommit() { return commit; }
    public void setCommit(String commit) { this.commit = commit; }
    public Long getGeneration() { return generation; }
    public void setGeneration(Long generation) { this.generation = generation; }
    public ReleaseOutcome getOutcome() { return outcome; }
    public void setOutcome(ReleaseOutcome outcome) { this.outcome = outcome; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
    public String getFinishedAt() { return finishedAt; }
    public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
}

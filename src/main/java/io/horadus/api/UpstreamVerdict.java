package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What one upstream release says of the tag this release promotes, at the last check. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpstreamVerdict {

    @JsonPropertyDescription("The upstream release's name.")
    private String name;
    @JsonPropertyDescription("UpstreamVerified, or what is missing: UpstreamNotReleased, UpstreamNotHealthy, SoakPending, CommitMismatch, UpstreamRolledBack.")
    private String reason;
    @JsonPropertyDescription("The verdict in words: what the upstream runs and since when.")
    private String message;
    @JsonPropertyDescription("The commit the upstream released and verified for this tag, when it did.")
    private String commit;
    @JsonPropertyDescription("When the upstream verified the tag (RFC 3339).")
    private String verifiedAt;
    @JsonPropertyDescription("When the soak ends (RFC 3339), while it has not.")
    private String soakEndsAt;

    public UpstreamVerdict() {
    }

    public UpstreamVerdict(String name, String reason, String message, String commit, String verifiedAt, String soakEndsAt) {
        this.name = name;
        this.reason = reason;
        this.message = message;
        this.commit = commit;
        this.verifiedAt = verifiedAt;
        this.soakEndsAt = soakEndsAt;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public String getCommit() { return commit; }
    public void setCommit(String commit) { this.commit = commit; }
    public String getVerifiedAt() { return verifiedAt; }
    public void setVerifiedAt(String verifiedAt) { this.verifiedAt = verifiedAt; }
    public String getSoakEndsAt() { return soakEndsAt; }
    public void setSoakEndsAt(String soakEndsAt) { this.soakEndsAt = soakEndsAt; }
}

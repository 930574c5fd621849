package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A tag rolled back in this release or in one of its upstreams: never promoted automatically again. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevokedTag {

    @JsonPropertyDescription("The tag rolled back.")
    private String tag;
    @JsonPropertyDescription("Its commit, as the release that rolled it back had resolved it.")
    private String commit;
    @JsonPropertyDescription("The release that rolled it back: this one, or an upstream.")
    private String release;
    @JsonPropertyDescription("When this release learned of it (RFC 3339).")
    private String at;

    public RevokedTag() {
    }

    public RevokedTag(String tag, String commit, String release, String at) {
        this.tag = tag;
        this.commit = commit;
        this.release = release;
        this.at = at;
    }

    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getCommit() { return commit; }
    public void setCommit(String commit) { this.commit = commit; }
    public String getRelease() { return release; }
    public void setRelease(String release) { this.release = release; }
    public String getAt() { return at; }
    public void setAt(String at) { this.at = at; }
}

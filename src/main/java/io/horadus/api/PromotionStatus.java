package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/** The stages this release is promoted through, and what each upstream said at the last check. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PromotionStatus {

    @Size(max = FieldRules.CHAIN_MAX)
    @JsonPropertyDescription("The releases a tag goes through before it reaches this one, upstream first, ending with this release (dev, staging, production).")
    private List<String> chain = new ArrayList<>();

    @JsonPropertyDescription("The tag the last check was about.")
    private String tag;

    @JsonPropertyDescription("When the upstreams were last checked (RFC 3339).")
    private String checkedAt;

    @Size(max = FieldRules.UPSTREAMS_MAX)
    @JsonPropertyDescription("Each upstream's verdict at the last check, in spec.promotion.from's order.")
    private List<UpstreamVerdict> upstreams = new ArrayList<>();

    @Size(max = FieldRules.REVOKED_MAX)
    @JsonPropertyDescription("Tags rolled back here or anywhere upstream, newest first (at most 20): spec.promotion.auto never promotes them again.")
    private List<RevokedTag> revoked = new ArrayList<>();

    public List<String> getChain() { return chain; }
    public void setChain(List<String> chain) { this.chain = chain; }
    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getCheckedAt() { return checkedAt; }
    public void setCheckedAt(String checkedAt) { this.checkedAt = checkedAt; }
    public List<UpstreamVerdict> getUpstreams() { return upstreams; }
    public void setUpstreams(List<UpstreamVerdict> upstreams) { this.upstreams = upstreams; }
    public List<RevokedTag> getRevoked() { return revoked; }
    public void setRevoked(List<RevokedTag> revoked) { this.revoked = revoked; }
}

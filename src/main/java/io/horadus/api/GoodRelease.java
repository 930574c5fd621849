package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/** A release that passed its watch window, with the images the operator keeps for a rollback to it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GoodRelease {

    @JsonPropertyDescription("Release tag.")
    private String tag;

    @JsonPropertyDescription("Commit of the tag.")
    private String commit;

    @JsonPropertyDescription("When it became good (RFC 3339).")
    private String promotedAt;

    @Size(max = FieldRules.SERVICES_MAX)
    @JsonPropertyDescription("The images its services ran, as snapshots.")
    private List<ImageSnapshot> images = new ArrayList<>();

    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getCommit() { return commit; }
    public void setCommit(String commit) { this.commit = commit; }
    public String getPromotedAt() { return promotedAt; }
    public void setPromotedAt(String promotedAt) { this.promotedAt = promotedAt; }
    public List<ImageSnapshot> getImages() { return images; }
    public void setImages(List<ImageSnapshot> images) { this.images = images; }
}

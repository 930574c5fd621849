package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An approval of this release for another tag or commit: shown, never used. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StaleApproval {

    @JsonPropertyDescription("The HoradusApproval's name.")
    private String name;

    @JsonPropertyDescription("The tag it names.")
    private String tag;

    @JsonPropertyDescription("The commit it names.")
    private String commit;

    public StaleApproval() {
    }

    public StaleApproval(String name, String tag, String commit) {
        this.name = name;
        this.tag = tag;
        this.commit = commit;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getTag() { return tag; }
    public void setTag(String tag) { this.tag = tag; }
    public String getCommit() { return commit; }
    public void setCommit(String commit) { this.commit = commit; }
}

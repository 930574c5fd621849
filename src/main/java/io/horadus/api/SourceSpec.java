package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where the release tags live. */
public class SourceSpec {

    @Required
    @Pattern(FieldRules.GIT_URL)
    @Size(max = FieldRules.URL_MAX)
    @JsonPropertyDescription("Repository URL: https://, ssh://, user@host:path, or file:// / an absolute path for a repository on the operator's disk. No whitespace or shell metacharacters; at most 2048 characters.")
    private String url;

    @Default("main")
    @Pattern(FieldRules.BRANCH)
    @Size(max = FieldRules.BRANCH_MAX)
    @JsonPropertyDescription("Release branch. A tag is released only when its commit is reachable from this branch.")
    private String branch = "main";

    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Name of a Secret in the release's namespace with git credentials: key 'token' (and optionally 'username') for https; keys 'identity' (private key) and 'known_hosts' for ssh.")
    private String secretRef;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getBranch() { return branch; }
    public void setBranch(String branch) { this.branch = branch; }
    public String getSecretRef() { return secretRef; }
    public void setSecretRef(String secretRef) { this.secretRef = secretRef; }
}

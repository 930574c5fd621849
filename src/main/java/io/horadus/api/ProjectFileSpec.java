package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A file the compose project needs but git never holds (the real Horadus file's {@code env_file: .env}):
 * one key of a Secret, written into the checkout before every compose command.
 */
@ValidationRule(value = "!self.path.matches('" + FieldRules.GIT_DIRECTORY + "')", message = "path must not be in the repository's .git directory")
public class ProjectFileSpec {

    @Required
    @Pattern(FieldRules.COMPOSE_FILE)
    @Size(max = FieldRules.PATH_MAX)
    @JsonPropertyDescription("Where the file goes, relative to the repository root (e.g. .env): no '..', no leading '/' or '-', not under .git.")
    private String path;

    @Required
    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Name of the Secret, in the release's namespace, that holds the file's content.")
    private String secretRef;

    @Required
    @Pattern(FieldRules.SECRET_KEY)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("The key of that Secret whose value is the whole file.")
    private String key;

    public ProjectFileSpec() {
    }

    public ProjectFileSpec(String path, String secretRef, String key) {
        this.path = path;
        this.secretRef = secretRef;
        this.key = key;
    }

    public String getPath() { return path; }
    public void setPath(String path) { this.path = path; }
    public String getSecretRef() { return secretRef; }
    public void setSecretRef(String secretRef) { this.secretRef = secretRef; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
}

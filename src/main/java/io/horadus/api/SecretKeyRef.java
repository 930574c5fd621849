package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One key of a Secret in the release's namespace. */
public class SecretKeyRef {

    /** The key a webhook's Secret holds its URL under, unless the spec names another. */
    public static final String URL_KEY = "url";

    @Required
    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Name of the Secret, in the release's namespace.")
    private String name;

    @Default(URL_KEY)
    @Pattern(FieldRules.SECRET_KEY)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("The key of that Secret whose value is used (default: url).")
    private String key = URL_KEY;

    public SecretKeyRef() {
    }

    public SecretKeyRef(String name, String key) {
        this.name = name;
        this.key = key;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** The one-off migration service (docker compose --profile ops run --rm migrate). */
public class MigrationSpec {

    @Default("true")
    @JsonPropertyDescription("Run the migration as part of every release. False skips the step.")
    private boolean enabled = true;

    @Default("migrate")
    @Pattern(FieldRules.SERVICE_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("Compose service that runs the migration.")
    private String service = "migrate";

    @Default("ops")
    @Pattern(FieldRules.SERVICE_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("Compose profile the migration service belongs to (--profile).")
    private String profile = "ops";

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getService() { return service; }
    public void setService(String service) { this.service = service; }
    public String getProfile() { return profile; }
    public void setProfile(String profile) { this.profile = profile; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/** The runbook's rollout: build, migrate, up. */
public class RolloutSpec {

    @Default("[\"api\",\"worker\"]")
    @Size(max = FieldRules.SERVICES_MAX)
    @JsonPropertyDescription("Services to build (docker compose build ...). Empty builds nothing. At most 32 compose service names.")
    private List<@Pattern(FieldRules.SERVICE_NAME) @Size(max = FieldRules.NAME_MAX) String> build = new ArrayList<>(List.of("api", "worker"));

    @Default("{}")
    @JsonPropertyDescription("The migration, run once per release before the services start.")
    private MigrationSpec migration = new MigrationSpec();

    @Default("[\"api\",\"worker\",\"beat\"]")
    @Size(min = 1, max = FieldRules.SERVICES_MAX)
    @JsonPropertyDescription("Services to start (docker compose up -d ...). Each must end with a running container. At most 32 compose service names.")
    private List<@Pattern(FieldRules.SERVICE_NAME) @Size(max = FieldRules.NAME_MAX) String> up = new ArrayList<>(List.of("api", "worker", "beat"));

    public List<String> getBuild() { return build; }
    public void setBuild(List<String> build) { this.build = build; }
    public MigrationSpec getMigration() { return migration; }
    public void setMigration(MigrationSpec migration) { this.migration = migration; }
    public List<String> getUp() { return up; }
    public void setUp(List<String> up) { this.up = up; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/**
 * Opt-in: a command that undoes the failed release's migration, run once from the failed release's
 * image before the last good version starts again. The runbook itself never downgrades a database.
 */
@ValidationRule(value = "!self.enabled || size(self.command) > 0", message = "an enabled down-migration needs a command")
public class DownMigrationSpec {

    @Default("false")
    @JsonPropertyDescription("Run the command when a release that had migrated the database is rolled back. Off by default: the runbook never downgrades, so the last good version must tolerate the newer schema.")
    private boolean enabled = false;

    @Pattern(FieldRules.SERVICE_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("The compose service whose image (the failed release's) runs the command; rollout.migration.service when unset. It runs with rollout.migration.profile.")
    private String service;

    @Default("[]")
    @Size(max = FieldRules.COMMAND_ARGS_MAX)
    @JsonPropertyDescription("The command and its arguments, given to the service as they are (no shell), e.g. [alembic, downgrade, \"-1\"]. At most 32 arguments of at most 1024 characters, no control characters.")
    private List<@Pattern(FieldRules.COMMAND_ARG) @Size(max = FieldRules.COMMAND_ARG_MAX) String> command = new ArrayList<>();

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getService() { return service; }
    public void setService(String service) { this.service = service; }
    public List<String> getCommand() { return command; }
    public void setCommand(List<String> command) { this.command = command; }
}

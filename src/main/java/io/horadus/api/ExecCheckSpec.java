package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/**
 * A command inside a running container of a service (docker exec through the Docker API), like the
 * runbook's {@code curl localhost:8000/health} typed on the host: passes when it exits 0 and, where
 * set, its output says the right thing.
 */
public class ExecCheckSpec {

    @Required
    @Pattern(FieldRules.SERVICE_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("The compose service whose running container runs the command.")
    private String service;

    @Required
    @Size(min = 1, max = FieldRules.COMMAND_ARGS_MAX)
    @JsonPropertyDescription("The command and its arguments as they are (no shell), e.g. [curl, -fsS, \"http://localhost:8000/health\"]. At most 32 arguments of at most 1024 characters, no control characters.")
    private List<@Pattern(FieldRules.COMMAND_ARG) @Size(max = FieldRules.COMMAND_ARG_MAX) String> command = new ArrayList<>();

    @Default("5")
    @Min(FieldRules.EXEC_TIMEOUT_MIN)
    @Max(FieldRules.EXEC_TIMEOUT_MAX)
    @JsonPropertyDescription("Seconds to wait for the command; a command still running then fails the check. Docker cannot stop an exec'd process, so give the command its own limit too (curl --max-time).")
    private int timeoutSeconds = 5;

    @Size(max = FieldRules.MATCH_MAX)
    @JsonPropertyDescription("Text the output (stdout and stderr, first 4 KiB) must contain. Optional.")
    private String outputContains;

    @Size(max = FieldRules.MATCH_MAX)
    @JsonPropertyDescription("A regular expression (Java syntax) that must match somewhere in the output (first 4 KiB). Optional.")
    private String outputMatches;

    public ExecCheckSpec() {
    }

    public ExecCheckSpec(String service, List<String> command) {
        this.service = service;
        this.command = command;
    }

    public String getService() { return service; }
    public void setService(String service) { this.service = service; }
    public List<String> getCommand() { return command; }
    public void setCommand(List<String> command) { this.command = command; }
    public int getTimeoutSeconds() { return timeoutSeconds; }
    public void setTimeoutSeconds(int timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
    public String getOutputContains() { return outputContains; }
    public void setOutputContains(String outputContains) { this.outputContains = outputContains; }
    public String getOutputMatches() { return outputMatches; }
    public void setOutputMatches(String outputMatches) { this.outputMatches = outputMatches; }
}

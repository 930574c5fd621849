package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One gate's run for the release in flight, as a reviewer reads it in `kubectl describe`. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GateRecord {

    @JsonPropertyDescription("The gate's name (spec.gates[].name).")
    private String name;

    @JsonPropertyDescription("Running, Passed, Failed, Skipped or AllowedFailure.")
    private GateOutcome result;

    @JsonPropertyDescription("Why, in one line: the exit code, the timeout, what kept it from running, why it was skipped, or the accepted reason of an allowed failure.")
    private String message;

    @JsonPropertyDescription("The command's exit code, when it ran to its end.")
    private Integer exitCode;

    @JsonPropertyDescription("How long the gate took, container creation to removal, in milliseconds.")
    private Long durationMillis;

    @JsonPropertyDescription("The gate's container on the Docker host once started (its name and horadus.io/gate-run label); removed when the gate ends.")
    private String runName;

    @JsonPropertyDescription("When the gate started (RFC 3339): its command's, once its container runs.")
    private String startedAt;

    @JsonPropertyDescription("When it ended (RFC 3339).")
    private String finishedAt;

    @JsonPropertyDescription("The last lines of its output (stdout and stderr, at most about 2 KB), secret values masked.")
    private String output;

    public GateRecord() {
    }

    public GateRecord(String name, GateOutcome result) {
        this.name = name;
        this.result = result;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public GateOutcome getResult() { return result; }
    public void setResult(GateOutcome result) { this.result = result; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public Integer getExitCode() { return exitCode; }
    public void setExitCode(Integer exitCode) { this.exitCode = exitCode; }
    public Long getDurationMillis() { return durationMillis; }
    public void setDurationMillis(Long durationMillis) { this.durationMillis = durationMillis; }
    public String getRunName() { return runName; }
    public void setRunName(String runName) { this.runName = runName; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
    public String getFinishedAt() { return finishedAt; }
    public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
    public String getOutput() { return output; }
    public void setOutput(String output) { this.output = output; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import java.util.ArrayList;
import java.util.List;

/** One compose command run on the host. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CommandRecord {

    @JsonPropertyDescription("Step the command belongs to.")
    private Step step;

    @JsonPropertyDescription("The command's arguments, as run (no shell).")
    private List<String> argv = new ArrayList<>();

    @JsonPropertyDescription("Exit code.")
    private Integer exitCode;

    @JsonPropertyDescription("The last lines of its combined output (at most 20 lines of 200 characters).")
    private List<String> outputTail = new ArrayList<>();

    @JsonPropertyDescription("When it finished (RFC 3339).")
    private String finishedAt;

    @JsonPropertyDescription("How long it ran, in milliseconds.")
    private Long durationMillis;

    public Step getStep() { return step; }
    public void setStep(Step step) { this.step = step; }
    public List<String> getArgv() { return argv; }
    public void setArgv(List<String> argv) { this.argv = argv; }
    public Integer getExitCode() { return exitCode; }
    public void setExitCode(Integer exitCode) { this.exitCode = exitCode; }
    public List<String> getOutputTail() { return outputTail; }
    public void setOutputTail(List<String> outputTail) { this.outputTail = outputTail; }
    public String getFinishedAt() { return finishedAt; }
    public void setFinishedAt(String finishedAt) { this.finishedAt = finishedAt; }
    public Long getDurationMillis() { return durationMillis; }
    public void setDurationMillis(Long durationMillis) { this.durationMillis = durationMillis; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

import java.util.ArrayList;
import java.util.List;

/** The runbook's "evaluation gates only for prompt/model changes": a gate that runs only when these paths changed. */
public class GateConditionSpec {

    @Required
    @Size(min = 1, max = FieldRules.GLOBS_MAX)
    @JsonPropertyDescription("Glob patterns of paths relative to the repository's root ('*' within a directory, '**' across directories, e.g. ai/prompts/**). The gate runs when a file added, changed, deleted or renamed between the last good commit and the candidate matches one.")
    private List<@Pattern(FieldRules.GLOB) @Size(min = 1, max = FieldRules.PATH_MAX) String> changed = new ArrayList<>();

    public GateConditionSpec() {
    }

    public GateConditionSpec(List<String> changed) {
        this.changed = changed;
    }

    public List<String> getChanged() { return changed; }
    public void setChanged(List<String> changed) { this.changed = changed; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A gate image built from the checkout, for applications whose production images hold no tests or dev
 * tools (the real Horadus installs with {@code uv sync --no-dev}): a dev stage of the same Dockerfile.
 */
public class GateBuildSpec {

    @Default("Dockerfile")
    @Pattern(FieldRules.COMPOSE_FILE)
    @Size(max = FieldRules.PATH_MAX)
    @ValidationRule(value = "!self.matches('" + FieldRules.GIT_DIRECTORY + "') && !self.contains('..')",
            message = "the Dockerfile must be a path inside the checkout")
    @JsonPropertyDescription("Path of the Dockerfile relative to the checkout's root; the checkout (without .git) is the build context.")
    private String dockerfile = "Dockerfile";

    @Pattern(FieldRules.SERVICE_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("The build stage to stop at (docker build --target), e.g. dev. Optional.")
    private String target;

    public GateBuildSpec() {
    }

    public GateBuildSpec(String dockerfile, String target) {
        this.dockerfile = dockerfile;
        this.target = target;
    }

    public String getDockerfile() { return dockerfile; }
    public void setDockerfile(String dockerfile) { this.dockerfile = dockerfile; }
    public String getTarget() { return target; }
    public void setTarget(String target) { this.target = target; }
}

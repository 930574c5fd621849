package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/**
 * One item of the runbook's pre-release checklist ({@code make check}, {@code make test},
 * {@code make db-upgrade}, {@code make audit-eval}): a command run in a one-off container on the
 * release's Docker host with the candidate's checkout copied in, before anything changes the host.
 * Gates are read-only by contract: the operator re-runs one it was killed during.
 */
@ValidationRule(value = "has(self.image) != has(self.build)", message = "a gate needs exactly one of image and build")
public class GateSpec {

    @Required
    @Pattern(FieldRules.CHECK_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("The gate's name, shown in status and events (lowercase letters, digits, '-'), e.g. check, test, db-upgrade.")
    private String name;

    @Required
    @Size(min = 1, max = FieldRules.COMMAND_ARGS_MAX)
    @JsonPropertyDescription("The command and its arguments as they are (no shell; it replaces the image's entrypoint), e.g. [make, check]. At most 32 arguments of at most 1024 characters, no control characters.")
    private List<@Pattern(FieldRules.COMMAND_ARG) @Size(max = FieldRules.COMMAND_ARG_MAX) String> command = new ArrayList<>();

    @Pattern(FieldRules.IMAGE)
    @Size(max = FieldRules.IMAGE_MAX)
    @JsonPropertyDescription("An image already on the Docker host to run the gate in (never pulled). Exactly one of image and build.")
    private String image;

    @JsonPropertyDescription("Build the gate's image on the Docker host from a Dockerfile of the release's checkout. Exactly one of image and build.")
    private GateBuildSpec build;

    @Default("/src")
    @Pattern(FieldRules.CONTAINER_PATH)
    @Size(max = FieldRules.PATH_MAX)
    @JsonPropertyDescription("Absolute directory in the container where the checkout (without .git) is copied; the command runs there.")
    private String workingDir = "/src";

    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Secret in the release's namespace whose keys become the container's environment variables (e.g. RELEASE_GATE_DATABASE_URL). Values are masked in the output shown in status.")
    private String envSecretRef;

    @Pattern(FieldRules.SERVICE_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("A network of the compose project (its name in the compose file, e.g. default) to attach the container to, for gates that need the running database. The project's network <project>_<network> must exist.")
    private String network;

    @Default("600")
    @Min(FieldRules.TIMEOUT_MIN)
    @Max(FieldRules.TIMEOUT_MAX)
    @JsonPropertyDescription("Seconds the command may run; then the container is killed and the gate fails.")
    private int timeoutSeconds = 600;

    @JsonPropertyDescription("Run the gate only when some files changed between the last good release's commit and the candidate's. On a first release every file counts as changed.")
    private GateConditionSpec when;

    @JsonPropertyDescription("Let the release go on when this gate fails, for the written reason (shown in status as AllowedFailure). The runbook's explicit exception.")
    private AllowedFailureSpec allowFailure;

    public GateSpec() {
    }

    public GateSpec(String name, String image, List<String> command) {
        this.name = name;
        this.image = image;
        this.command = command;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public List<String> getCommand() { return command; }
    public void setCommand(List<String> command) { this.command = command; }
    public String getImage() { return image; }
    public void setImage(String image) { this.image = image; }
    public GateBuildSpec getBuild() { return build; }
    public void setBuild(GateBuildSpec build) { this.build = build; }
    public String getWorkingDir() { return workingDir; }
    public void setWorkingDir(String workingDir) { this.workingDir = workingDir; }
    public String getEnvSecretRef() { return envSecretRef; }
    public void setEnvSecretRef(String envSecretRef) { this.envSecretRef = envSecretRef; }
    public String getNetwork() { return network; }
    public void setNetwork(String network) { this.network = network; }
    public int getTimeoutSeconds() { return timeoutSeconds; }
    public void setTimeoutSeconds(int timeoutSeconds) { this.timeoutSeconds = timeoutSeconds; }
    public GateConditionSpec getWhen() { return when; }
    public void setWhen(GateConditionSpec when) { this.when = when; }
    public AllowedFailureSpec getAllowFailure() { return allowFailure; }
    public void setAllowFailure(AllowedFailureSpec allowFailure) { this.allowFailure = allowFailure; }
}

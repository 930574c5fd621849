package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import java.util.ArrayList;
import java.util.List;

/** The Docker host and the compose project the release runs as. */
@ValidationRule(value = "!has(self.tlsSecretRef) || self.dockerHost.startsWith('tcp://')",
        message = "tlsSecretRef applies to a tcp:// dockerHost only")
public class TargetSpec {

    @Default("unix:///var/run/docker.sock")
    @Pattern(FieldRules.DOCKER_HOST)
    @Size(max = FieldRules.DOCKER_HOST_MAX)
    @JsonPropertyDescription("Docker endpoint: unix:///path/to/docker.sock, or tcp://host:port (with tlsSecretRef for TLS).")
    private String dockerHost = "unix:///var/run/docker.sock";

    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Name of a Secret with the TLS material for a tcp endpoint: keys 'ca.pem', 'cert.pem', 'key.pem'.")
    private String tlsSecretRef;

    @Required
    @Pattern(FieldRules.PROJECT)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("Compose project name (docker compose -p). Containers are found on the host by this project's labels.")
    private String project;

    @Default("[\"docker-compose.prod.yml\"]")
    @Size(min = 1, max = FieldRules.COMPOSE_FILES_MAX)
    @ValidationRule(value = "self.all(f, !f.matches('" + FieldRules.GIT_DIRECTORY + "'))",
            message = "a compose file must not be in the repository's .git directory")
    @JsonPropertyDescription("Compose files, relative to the repository root, passed with -f in this order (at most 8, each at most 255 characters, no '..', no leading '/' or '-', none under .git).")
    private List<@Pattern(FieldRules.COMPOSE_FILE) @Size(max = FieldRules.PATH_MAX) String> composeFiles = new ArrayList<>(List.of("docker-compose.prod.yml"));

    @Default("[]")
    @Size(max = FieldRules.PROJECT_FILES_MAX)
    @ValidationRule(value = "self.all(f, self.exists_one(g, g.path == f.path))", message = "each path may appear only once")
    @JsonPropertyDescription("Files written into the checkout from Secrets before every compose command (e.g. the .env an env_file names), mode 0600, overwritten on every command; at most 16.")
    private List<ProjectFileSpec> files = new ArrayList<>();

    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Name of a Secret whose keys become environment variables of every compose command, for compose's ${VARIABLE} interpolation. Keys must be variable names; DOCKER_*, COMPOSE_* and HORADUS_* are reserved.")
    private String variablesSecretRef;

    public String getDockerHost() { return dockerHost; }
    public void setDockerHost(String dockerHost) { this.dockerHost = dockerHost; }
    public String getTlsSecretRef() { return tlsSecretRef; }
    public void setTlsSecretRef(String tlsSecretRef) { this.tlsSecretRef = tlsSecretRef; }
    public String getProject() { return project; }
    public void setProject(String project) { this.project = project; }
    public List<String> getComposeFiles() { return composeFiles; }
    public void setComposeFiles(List<String> composeFiles) { this.composeFiles = composeFiles; }
    public List<ProjectFileSpec> getFiles() { return files; }
    public void setFiles(List<ProjectFileSpec> files) { this.files = files; }
    public String getVariablesSecretRef() { return variablesSecretRef; }
    public void setVariablesSecretRef(String variablesSecretRef) { this.variablesSecretRef = variablesSecretRef; }
}

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
public class TargetSpec {

    @Default("unix:///var/run/docker.sock")
    @Pattern("^(unix:///|tcp://).+")
    @JsonPropertyDescription("Docker endpoint: unix:///path/to/docker.sock, or tcp://host:port (with tlsSecretRef for TLS).")
    private String dockerHost = "unix:///var/run/docker.sock";

    @JsonPropertyDescription("Name of a Secret with the TLS material for a tcp endpoint: keys 'ca.pem', 'cert.pem', 'key.pem'.")
    private String tlsSecretRef;

    @Required
    @Pattern("^[a-z0-9][a-z0-9_-]*$")
    @JsonPropertyDescription("Compose project name (docker compose -p). Containers are found on the host by this project's labels.")
    private String project;

    @Default("[\"docker-compose.prod.yml\"]")
    @Size(min = 1)
    @ValidationRule(value = "self.all(f, !f.startsWith('/') && !f.contains('..'))", message = "compose files are paths inside the repository")
    @JsonPropertyDescription("Compose files, relative to the repository root, passed with -f in this order.")
    private List<String> composeFiles = new ArrayList<>(List.of("docker-compose.prod.yml"));

    public String getDockerHost() { return dockerHost; }
    public void setDockerHost(String dockerHost) { this.dockerHost = dockerHost; }
    public String getTlsSecretRef() { return tlsSecretRef; }
    public void setTlsSecretRef(String tlsSecretRef) { this.tlsSecretRef = tlsSecretRef; }
    public String getProject() { return project; }
    public void setProject(String project) { this.project = project; }
    public List<String> getComposeFiles() { return composeFiles; }
    public void setComposeFiles(List<String> composeFiles) { this.composeFiles = composeFiles; }
}

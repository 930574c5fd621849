package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * One named probe of the released version, exactly one of http or exec: the runbook's {@code curl}
 * against an endpoint, from the operator or typed inside a container on the host.
 */
@ValidationRule(value = "(has(self.http) ? 1 : 0) + (has(self.exec) ? 1 : 0) == 1",
        message = "a check sets exactly one of http or exec")
public class ProbeCheckSpec {

    @Required
    @Pattern(FieldRules.CHECK_NAME)
    @Size(max = FieldRules.NAME_MAX)
    @JsonPropertyDescription("The check's name, as it appears in status, conditions and Events (e.g. ready, api-inside).")
    private String name;

    @JsonPropertyDescription("An HTTP GET from the operator, sent as verify.http says.")
    private HttpCheckSpec http;

    @JsonPropertyDescription("A command run inside a running container of a service through the Docker API, for endpoints the operator cannot reach over the network.")
    private ExecCheckSpec exec;

    public ProbeCheckSpec() {
    }

    public ProbeCheckSpec(String name, HttpCheckSpec http, ExecCheckSpec exec) {
        this.name = name;
        this.http = http;
        this.exec = exec;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public HttpCheckSpec getHttp() { return http; }
    public void setHttp(HttpCheckSpec http) { this.http = http; }
    public ExecCheckSpec getExec() { return exec; }
    public void setExec(ExecCheckSpec exec) { this.exec = exec; }
}

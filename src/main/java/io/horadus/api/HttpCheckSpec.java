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

/** An HTTP GET that passes on an expected status and, where set, a body that says the right thing. */
public class HttpCheckSpec {

    @Required
    @Pattern(FieldRules.HTTP_URL)
    @Size(max = FieldRules.URL_MAX)
    @JsonPropertyDescription("The URL, probed from the operator; redirects are not followed.")
    private String url;

    @Default("[]")
    @Size(max = FieldRules.STATUSES_MAX)
    @JsonPropertyDescription("Statuses that pass, e.g. [200]; any 2xx when empty.")
    private List<@Min(100) @Max(599) Integer> expectStatus = new ArrayList<>();

    @Size(max = FieldRules.MATCH_MAX)
    @JsonPropertyDescription("Text the body must contain (within its first 256 KiB). Optional.")
    private String bodyContains;

    @Size(max = FieldRules.MATCH_MAX)
    @JsonPropertyDescription("A regular expression (Java syntax) that must match somewhere in the body (within its first 256 KiB). Optional.")
    private String bodyMatches;

    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Headers for this check instead of verify.http.headersSecretRef (e.g. an admin key for one endpoint). Optional.")
    private String headersSecretRef;

    public HttpCheckSpec() {
    }

    public HttpCheckSpec(String url) {
        this.url = url;
    }

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public List<Integer> getExpectStatus() { return expectStatus; }
    public void setExpectStatus(List<Integer> expectStatus) { this.expectStatus = expectStatus; }
    public String getBodyContains() { return bodyContains; }
    public void setBodyContains(String bodyContains) { this.bodyContains = bodyContains; }
    public String getBodyMatches() { return bodyMatches; }
    public void setBodyMatches(String bodyMatches) { this.bodyMatches = bodyMatches; }
    public String getHeadersSecretRef() { return headersSecretRef; }
    public void setHeadersSecretRef(String headersSecretRef) { this.headersSecretRef = headersSecretRef; }
}

package io.horadus.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * How the operator sends its HTTP probes (healthUrl, metricsUrl and every http check): headers from a
 * Secret, the CA that signs the application's https certificate. The real Horadus answers /health and
 * /metrics only with X-API-Key and X-Admin-API-Key, behind an ingress with its own certificates.
 */
@ValidationRule(value = "!(has(self.caSecretRef) && self.insecureSkipVerify)",
        message = "caSecretRef and insecureSkipVerify exclude each other")
public class HttpProbeSpec {

    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Secret whose keys are header names and values header values (e.g. X-API-Key), sent with every probe. Values are never shown.")
    private String headersSecretRef;

    @Pattern(FieldRules.OBJECT_NAME)
    @Size(max = FieldRules.OBJECT_NAME_MAX)
    @JsonPropertyDescription("Secret whose key ca.crt holds the PEM certificates that https probes trust instead of the JVM's default ones; the host name must match the certificate.")
    private String caSecretRef;

    @Default("false")
    @JsonPropertyDescription("Accept any certificate and host name on https probes. For a self-signed test setup only: the probe then cannot tell the application from anything else answering on that address.")
    private boolean insecureSkipVerify = false;

    public String getHeadersSecretRef() { return headersSecretRef; }
    public void setHeadersSecretRef(String headersSecretRef) { this.headersSecretRef = headersSecretRef; }
    public String getCaSecretRef() { return caSecretRef; }
    public void setCaSecretRef(String caSecretRef) { this.caSecretRef = caSecretRef; }
    public boolean isInsecureSkipVerify() { return insecureSkipVerify; }
    public void setInsecureSkipVerify(boolean insecureSkipVerify) { this.insecureSkipVerify = insecureSkipVerify; }
}

package io.horadus.verify;

import io.horadus.api.HttpProbeSpec;
import io.horadus.release.port.ProbeSecrets;

import java.util.Map;

/** verify.http resolved against the Secrets: the headers every probe sends unless a check names its own, and whom to trust. */
record HttpSettings(Map<String, String> headers, TlsTrust trust) {

    static final HttpSettings PLAIN = new HttpSettings(Map.of(), TlsTrust.JVM_DEFAULT);

    static HttpSettings of(HttpProbeSpec spec, ProbeSecrets secrets) {
        if (spec == null) {
            return PLAIN;
        }
        var trust = spec.isInsecureSkipVerify() ? new TlsTrust(null, true)
                : spec.getCaSecretRef() != null ? new TlsTrust(secrets.caBundle(), false) : TlsTrust.JVM_DEFAULT;
        return new HttpSettings(secrets.headersOf(spec.getHeadersSecretRef()), trust);
    }

    @Override
    public String toString() {
        return "HttpSettings[" + headers.size() + " headers, " + trust + "]";
    }
}

package io.horadus.release.port;


/**
 * What the checks of a release need to reach it besides the spec: the Docker host whose containers exec
 * checks run in, and the headers and CA from Secrets for HTTP probes.
 */
public record ProbeAccess(ComposeTarget target, ProbeSecrets secrets) {

    public ProbeAccess {
        secrets = secrets == null ? ProbeSecrets.NONE : secrets;
    }
}

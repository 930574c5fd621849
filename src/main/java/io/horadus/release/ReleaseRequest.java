package io.horadus.release;

import io.horadus.api.HoradusReleaseSpec;

import java.util.Optional;

/**
 * One reconcile's input besides the status: the spec as the user wrote it, the generation it has,
 * and the secret material the adapter read for it.
 *
 * @param key         namespace/name of the release, stable across restarts (names the work area)
 * @param generation  metadata.generation of the spec
 * @param credentials git credentials, {@link GitCredentials#NONE} when the source needs none
 * @param tls         Docker TLS material, or null for a unix socket or plain tcp endpoint
 */
public record ReleaseRequest(String key, long generation, HoradusReleaseSpec spec,
                             GitCredentials credentials, DockerTls tls) {

    public ComposeTarget target() {
        var target = spec.getTarget();
        return new ComposeTarget(target.getDockerHost(), tls, target.getProject(), target.getComposeFiles());
    }

    public SourceRequest source(String tag, Optional<String> recordedCommit) {
        var source = spec.getSource();
        return new SourceRequest(key, source.getUrl(), source.getBranch(), credentials, tag, recordedCommit);
    }
}

package io.horadus.release;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.DockerTls;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.ProbeSecrets;
import io.horadus.release.port.ProjectSecrets;
import io.horadus.release.port.SecretSets;
import io.horadus.release.port.SourceRequest;
import io.horadus.release.secrets.SecretMaterial;

import java.util.Optional;

/**
 * One pass's input besides the status: the spec as the user wrote it, the revision the store gives it,
 * and the secret material read for it. Names no driver: the operator and the command line build the same.
 *
 * @param key         namespace/name of the release, stable across restarts (names the work area)
 * @param revision    the spec's revision in its store (metadata.generation on a cluster): a failed release
 *                    is tried again when it grows
 * @param credentials git credentials, {@link GitCredentials#NONE} when the source needs none
 * @param tls         Docker TLS material, or null for a unix socket or plain tcp endpoint
 * @param secrets     the files and variables from secrets the compose project needs
 * @param probeSecrets the headers and CA bundle from secrets the checks need
 * @param gateSecrets the gates' environments from secrets
 * @param retryToken  a person's request to try a failed or rolled-back tag again, acted on once per
 *                    distinct value (how it is given is the driver's: an annotation on a cluster), or null
 * @param rollback    a person's request to put a kept release back, acted on once per token, or null
 */
public record ReleaseRequest(String key, long revision, HoradusReleaseSpec spec,
                             GitCredentials credentials, DockerTls tls, ProjectSecrets secrets, ProbeSecrets probeSecrets,
                             SecretSets gateSecrets, String retryToken, RollbackRequest rollback) {

    public ReleaseRequest {
        secrets = secrets == null ? ProjectSecrets.NONE : secrets;
        probeSecrets = probeSecrets == null ? ProbeSecrets.NONE : probeSecrets;
        gateSecrets = gateSecrets == null ? SecretSets.NONE : gateSecrets;
    }

    /** The request for a release whose secret material has been read. */
    public static ReleaseRequest of(String key, long revision, HoradusReleaseSpec spec, SecretMaterial material, String retryToken,
                                    RollbackRequest rollback) {
        return new ReleaseRequest(key, revision, spec, material.credentials(), material.tls(), material.project(), material.probes(),
                material.gates(), retryToken, rollback);
    }

    /** A request without a person's rollback. */
    public ReleaseRequest(String key, long revision, HoradusReleaseSpec spec, GitCredentials credentials, DockerTls tls,
                          ProjectSecrets secrets, ProbeSecrets probeSecrets, SecretSets gateSecrets, String retryToken) {
        this(key, revision, spec, credentials, tls, secrets, probeSecrets, gateSecrets, retryToken, null);
    }

    /** The name of the release, without its namespace (what an approval's spec.release names). */
    public String name() {
        return key.substring(key.indexOf('/') + 1);
    }

    /** The release's namespace, from the key. */
    public String namespace() {
        var slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** A request without files or variables from secrets. */
    public ReleaseRequest(String key, long revision, HoradusReleaseSpec spec, GitCredentials credentials, DockerTls tls, String retryToken) {
        this(key, revision, spec, credentials, tls, ProjectSecrets.NONE, ProbeSecrets.NONE, SecretSets.NONE, retryToken, null);
    }

    /** A request without a retry token. */
    public ReleaseRequest(String key, long revision, HoradusReleaseSpec spec, GitCredentials credentials, DockerTls tls) {
        this(key, revision, spec, credentials, tls, ProjectSecrets.NONE, ProbeSecrets.NONE, SecretSets.NONE, null, null);
    }

    /** The same request for another tag: spec.promotion.auto's choice. */
    public ReleaseRequest withTag(String tag) {
        return new ReleaseRequest(key, revision, spec.withTag(tag), credentials, tls, secrets, probeSecrets, gateSecrets, retryToken, rollback);
    }

    public ComposeTarget target() {
        var target = spec.getTarget();
        return new ComposeTarget(target.getDockerHost(), tls, target.getProject(), target.getComposeFiles(), secrets);
    }

    /** What the checks need to reach the release: its Docker host and the probes' Secrets. */
    public ProbeAccess probes() {
        return new ProbeAccess(target(), probeSecrets);
    }

    public SourceRequest source(String tag, Optional<String> recordedCommit) {
        var source = spec.getSource();
        return new SourceRequest(key, source.getUrl(), source.getBranch(), credentials, tag, recordedCommit);
    }
}

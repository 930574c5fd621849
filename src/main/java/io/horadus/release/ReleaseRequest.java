package io.horadus.release;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.release.approval.Approvals;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.DockerTls;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.ProbeAccess;
import io.horadus.release.port.SourceRequest;
import io.horadus.release.secrets.ProbeSecrets;
import io.horadus.release.secrets.ProjectSecrets;
import io.horadus.release.secrets.SecretSets;

import java.util.Optional;

/**
 * One reconcile's input besides the status: the spec as the user wrote it, the generation it has,
 * and the secret material the adapter read for it.
 *
 * @param key         namespace/name of the release, stable across restarts (names the work area)
 * @param generation  metadata.generation of the spec
 * @param credentials git credentials, {@link GitCredentials#NONE} when the source needs none
 * @param tls         Docker TLS material, or null for a unix socket or plain tcp endpoint
 * @param secrets     the files and variables from Secrets the compose project needs
 * @param probeSecrets the headers and CA bundle from Secrets the checks need
 * @param gateSecrets the gates' environments from Secrets
 * @param retryToken  the value of the {@value #RETRY_ANNOTATION} annotation, or null: a person's request
 *                    to try a failed or rolled-back tag again, acted on once per distinct value
 * @param approvals   the reviewers' approvals of this release, read only when it requires one
 */
public record ReleaseRequest(String key, long generation, HoradusReleaseSpec spec,
                             GitCredentials credentials, DockerTls tls, ProjectSecrets secrets, ProbeSecrets probeSecrets,
                             SecretSets gateSecrets, String retryToken, Approvals approvals) {

    public static final String RETRY_ANNOTATION = "horadus.io/retry";

    public ReleaseRequest {
        secrets = secrets == null ? ProjectSecrets.NONE : secrets;
        probeSecrets = probeSecrets == null ? ProbeSecrets.NONE : probeSecrets;
        gateSecrets = gateSecrets == null ? SecretSets.NONE : gateSecrets;
        approvals = approvals == null ? Approvals.NOT_READ : approvals;
    }

    /** A request without gates' Secrets or approvals read. */
    public ReleaseRequest(String key, long generation, HoradusReleaseSpec spec, GitCredentials credentials, DockerTls tls,
                          ProjectSecrets secrets, ProbeSecrets probeSecrets, String retryToken) {
        this(key, generation, spec, credentials, tls, secrets, probeSecrets, SecretSets.NONE, retryToken, Approvals.NOT_READ);
    }

    /** The same request with the approvals the adapter read. */
    public ReleaseRequest withApprovals(Approvals found) {
        return new ReleaseRequest(key, generation, spec, credentials, tls, secrets, probeSecrets, gateSecrets, retryToken, found);
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

    /** A request without files or variables from Secrets. */
    public ReleaseRequest(String key, long generation, HoradusReleaseSpec spec, GitCredentials credentials, DockerTls tls, String retryToken) {
        this(key, generation, spec, credentials, tls, ProjectSecrets.NONE, ProbeSecrets.NONE, SecretSets.NONE, retryToken, Approvals.NOT_READ);
    }

    /** A request without a retry token. */
    public ReleaseRequest(String key, long generation, HoradusReleaseSpec spec, GitCredentials credentials, DockerTls tls) {
        this(key, generation, spec, credentials, tls, ProjectSecrets.NONE, ProbeSecrets.NONE, SecretSets.NONE, null, Approvals.NOT_READ);
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

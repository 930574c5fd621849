package io.horadus.release.driver;

import io.horadus.release.port.ApprovalSource;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.GateRunner;
import io.horadus.release.port.HostImages;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.UpstreamStatuses;
import io.horadus.release.port.Verifier;

/**
 * Everything outside the engine, behind its ports: git, the compose CLI, Docker API reads, the checks,
 * gate containers, image tags, and the reviewers' approvals.
 */
public record EnginePorts(ReleaseSource source, ComposeHost compose, HostObserver observer, Verifier verifier, GateRunner gates,
                          HostImages images, ApprovalSource approvals, UpstreamStatuses upstreams) {

    /** Ports for releases that name no upstream (spec.promotion is then refused nowhere, but nothing is found upstream). */
    public EnginePorts(ReleaseSource source, ComposeHost compose, HostObserver observer, Verifier verifier, GateRunner gates,
                       HostImages images, ApprovalSource approvals) {
        this(source, compose, observer, verifier, gates, images, approvals, UpstreamStatuses.NONE);
    }
}

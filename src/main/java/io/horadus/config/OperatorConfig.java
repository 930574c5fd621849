package io.horadus.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The operator's own settings (application.properties, or HORADUS_* environment variables). */
@ConfigMapping(prefix = "horadus")
public interface OperatorConfig {

    /** Where the operator keeps git mirrors, checkouts and TLS material. Re-creatable: may be an emptyDir. */
    @WithDefault("${java.io.tmpdir}/horadus-operator")
    Path workDir();

    /** The compose command to run, e.g. "docker-compose"; detected when unset (docker compose, else docker-compose). */
    Optional<List<String>> composeCommand();

    /** The longest a single compose command may run before it is killed and the step fails. */
    @WithDefault("30M")
    Duration commandTimeout();

    /**
     * How long a git fetch may wait for the remote to answer (connecting, and between two reads) before it
     * fails with SourceUnreachable and is retried; whole seconds. A slow remote that keeps sending is not cut.
     */
    @WithDefault("60S")
    Duration gitTimeout();

    /** How long to wait before looking again when a referenced Secret is missing or incomplete. */
    @WithDefault("30S")
    Duration secretRetry();

    /**
     * Threads that run the watch's check rounds of released versions, apart from the reconcile threads:
     * how many releases can be in a round at the same time. A round of a hung application holds one up
     * to the probes' timeouts (2 s connect, 5 s read per URL); a slow round never delays a reconcile.
     */
    @WithDefault("4")
    int watchThreads();

    /**
     * How often the HoradusApprovals of a namespace in which a release awaits approval are listed (one call
     * per namespace, however many releases wait there); a new approval reconciles the release it names.
     */
    @WithDefault("5S")
    Duration approvalPoll();

    /** How often a release awaiting approval looks for its approval on its own, besides the namespace poll: a safety net. */
    @WithDefault("5M")
    Duration approvalRecheck();

    /**
     * How long the release informer may be without its watch before readiness turns DOWN. A watch drops and
     * reconnects in normal operation (the API server ends it, a network blip), so only a longer silence means
     * the operator hears nothing; it never fails liveness (docs/operations.md, Probes).
     */
    @WithDefault("60S")
    Duration watchGrace();

    /** Notifications for every release, beside each release's own spec.notify (docs/operations.md, Notifications). */
    @WithName("notify")
    Notifications notifications();

    interface Notifications {

        /**
         * A Secret whose key (horadus.notify.key) holds a webhook URL that is told about every release: released,
         * rolled back, failed, awaiting approval. None when unset.
         */
        Optional<String> secret();

        /** The key of that Secret that holds the URL. */
        @WithDefault("url")
        String key();

        /** Where that Secret is: when unset, the client's namespace (the operator's own pod's in a cluster). */
        Optional<String> namespace();

        /** Each webhook request's limit, connecting included; a request that takes longer is tried again later. */
        @WithDefault("5S")
        Duration timeout();
    }

    /**
     * How often each Docker host the releases name is pinged for the host check (/q/health/ready's
     * horadus-docker-hosts, horadus_host_reachable): on a thread of its own, never per probe request.
     */
    @WithDefault("30S")
    Duration hostCheckInterval();

    /** The Lease that lets one of several replicas reconcile (active in the prod profile only). */
    LeaderElection leaderElection();

    interface LeaderElection {

        /** The Lease's name; replicas that share it share one leader. */
        @WithDefault("horadus-release-operator")
        String leaseName();

        /**
         * Where the Lease lives: the namespace the operator runs in, where its Role grants Leases. When unset,
         * the client's namespace: the pod's own in a cluster, the kubeconfig context's outside one.
         */
        Optional<String> leaseNamespace();

        /** This replica's name in the Lease; when unset, the host name (the pod's name) plus a random suffix. */
        Optional<String> identity();

        /** How long a Lease not renewed stays taken: the longest a killed leader leaves releases unattended. */
        @WithDefault("15S")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it gives up leadership (and exits, to restart clean). */
        @WithDefault("10S")
        Duration renewDeadline();

        /** How often a replica tries to take or renew the Lease. */
        @WithDefault("2S")
        Duration retryPeriod();
    }
}

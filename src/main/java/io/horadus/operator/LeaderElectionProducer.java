package io.horadus.operator;

import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.horadus.config.OperatorConfig;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.UUID;

/**
 * Leader election by the operator SDK: quarkus-operator-sdk looks this bean up when the profile is one of
 * quarkus.operator-sdk.activate-leader-election-for-profiles (prod), and JOSDK then starts reconciling only
 * while this replica holds the Lease.
 */
public class LeaderElectionProducer {

    private static final Logger LOG = Logger.getLogger(LeaderElectionProducer.class);

    @Produces
    @Singleton
    // Looked up programmatically by the extension, never injected: without this Arc would drop it as unused.
    @Unremovable
    LeaderElectionConfiguration leaderElection(OperatorConfig config, Leadership leadership) {
        var election = config.leaderElection();
        var builder = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(election.leaseName())
                .withIdentity(election.identity().orElseGet(LeaderElectionProducer::uniqueIdentity))
                .withLeaseDuration(election.leaseDuration())
                .withRenewDeadline(election.renewDeadline())
                .withRetryPeriod(election.retryPeriod());
        election.leaseNamespace().ifPresent(builder::withLeaseNamespace);
        // A replica that loses the Lease must stop (and restart as a standby), or it would go on reconciling beside
        // the new leader: JOSDK 5.3.2 only logs. Its own exit option calls System.exit from the callback, which
        // deadlocks when the callback runs inside shutdown (every SIGTERM), so Quarkus is asked to exit instead;
        // during a shutdown that request changes nothing.
        // The callbacks also tell Leadership, for horadus_leader.
        builder.withLeaderCallbacks(new LeaderCallbacks(leadership::started, () -> {
            leadership.stopped();
            exitAfterLeading();
        }, leader -> { }));
        return builder.build();
    }

    private static void exitAfterLeading() {
        LOG.info("no longer the leader: exiting, so that only the Lease holder reconciles");
        Quarkus.asyncExit(1);
    }

    /**
     * The pod's name shows who leads; the suffix keeps two processes that share a host name (two operators
     * started by hand on one machine) from both believing they hold the Lease.
     */
    private static String uniqueIdentity() {
        var host = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("horadus-release-operator");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.horadus.api.HoradusApproval;
import io.horadus.api.HoradusApprovalSpec;
import io.horadus.testing.MovableClock;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A waiting release hears of a new approval naming it from one list per namespace, and only then. */
@EnableKubernetesMockClient(crud = true)
class ApprovalPollsTest {

    static KubernetesClient client;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T07:00:00Z"));
    private final List<ResourceID> reconciled = new CopyOnWriteArrayList<>();
    private ApprovalPolls polls;

    @BeforeEach
    void start() {
        // Polled by hand: the schedule is far off.
        polls = new ApprovalPolls(client, Duration.ofHours(1), Duration.ofMinutes(5), clock);
        polls.setEventHandler(event -> reconciled.add(((Event) event).getRelatedCustomResourceID()));
        polls.start();
    }

    @AfterEach
    void stop() {
        polls.stop();
    }

    @Test
    void aNewApprovalReconcilesTheWaitingReleaseItNamesAndNothingElse() {
        polls.awaiting("team-a", "api");
        polls.awaiting("team-a", "web");

        polls.pollAll();
        assertThat(reconciled).as("the first answer: every waiting release looks once")
                .containsExactlyInAnyOrder(new ResourceID("api", "team-a"), new ResourceID("web", "team-a"));
        reconciled.clear();

        polls.pollAll();
        assertThat(reconciled).as("nothing new").isEmpty();

        approve("team-a", "api-v2", "api");
        approve("team-a", "worker-v2", "worker");
        polls.pollAll();
        assertThat(reconciled).as("only the waiting release the new approval names").containsExactly(new ResourceID("api", "team-a"));
    }

    @Test
    void aReleaseThatStopsAskingIsForgottenAndItsNamespaceNoLongerListed() {
        polls.awaiting("team-b", "api");
        polls.pollAll();
        reconciled.clear();

        clock.advance(Duration.ofMinutes(71));
        approve("team-b", "api-v2", "api");
        polls.pollAll();

        assertThat(reconciled).isEmpty();
    }

    @Test
    void aReleaseThatFoundTheKindMissingIsWokenByTheNextAnsweredListEvenWithNoNewApproval() {
        polls.awaiting("team-c", "api");
        polls.pollAll();
        reconciled.clear();

        // The CRD deleted and installed again between two polls: the poller never saw the 404, the release did.
        polls.kindMissing("team-c");
        polls.pollAll();

        assertThat(reconciled).containsExactly(new ResourceID("api", "team-c"));
        reconciled.clear();
        polls.pollAll();
        assertThat(reconciled).as("once").isEmpty();
    }

    private static void approve(String namespace, String name, String release) {
        var approval = new HoradusApproval();
        approval.getMetadata().setName(name);
        approval.getMetadata().setNamespace(namespace);
        var spec = new HoradusApprovalSpec();
        spec.setRelease(release);
        spec.setTag("v2.0.0");
        spec.setCommit("c".repeat(40));
        spec.setReviewer("someone");
        approval.setSpec(spec);
        client.resource(approval).create();
    }
}

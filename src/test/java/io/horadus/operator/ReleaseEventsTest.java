package io.horadus.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.horadus.api.HoradusRelease;
import io.horadus.release.ReleaseEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Events are written in the background, in order, and an API server that refuses them costs only the Events. */
class ReleaseEventsTest {

    private static final String EVENTS = "/api/v1/namespaces/ns/events";

    private final KubernetesMockServer server = new KubernetesMockServer(false);
    private ReleaseEvents events;

    @BeforeEach
    void start() throws Exception {
        server.init(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    @Test
    void writesEventsInOrderOffTheCallersThread() throws Exception {
        server.expect().post().withPath(EVENTS).andReturn(201, "{}").always();
        try (var client = server.createClient()) {
            events = new ReleaseEvents(client, Clock.systemUTC());
            events.publish(release(), List.of(new ReleaseEvent(ReleaseEvent.Type.Normal, "ReleaseStarted", "releasing v1.0.0"),
                    new ReleaseEvent(ReleaseEvent.Type.Normal, "TagResolved", "tag v1.0.0 is commit c100")));

            assertThat(bodyOfNextRequest()).contains("\"reason\":\"ReleaseStarted\"").contains("\"name\":\"app\"");
            assertThat(bodyOfNextRequest()).contains("\"reason\":\"TagResolved\"");
            events.close();
        }
    }

    @Test
    void refusedEventsAreDroppedAndLaterOnesStillTried() throws Exception {
        // Like an API server without the core API (the CRD-only test server): every Event create fails.
        server.expect().post().withPath(EVENTS).andReturn(404, "{}").always();
        try (var client = server.createClient()) {
            events = new ReleaseEvents(client, Clock.systemUTC());
            events.publish(release(), List.of(new ReleaseEvent(ReleaseEvent.Type.Normal, "ReleaseStarted", "one")));
            events.publish(release(), List.of(new ReleaseEvent(ReleaseEvent.Type.Warning, "BuildFailed", "two")));

            assertThat(bodyOfNextRequest()).contains("ReleaseStarted");
            assertThat(bodyOfNextRequest()).contains("BuildFailed");
            events.close();
        }
    }

    private String bodyOfNextRequest() throws InterruptedException {
        // Generous: the first request of a fresh client is slow on a busy machine. Not a timing check.
        var request = server.takeRequest(60, TimeUnit.SECONDS);
        assertThat(request).as("an Event create request").isNotNull();
        assertThat(request.getPath()).isEqualTo(EVENTS);
        return request.getBody().readUtf8();
    }

    private static HoradusRelease release() {
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder().withName("app").withNamespace("ns").withUid("u-1").build());
        return release;
    }
}

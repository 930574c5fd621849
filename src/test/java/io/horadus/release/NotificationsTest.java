package io.horadus.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.horadus.api.ApprovalRequirement;
import io.horadus.api.GateSpec;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.NotifySpec;
import io.horadus.api.Phase;
import io.horadus.api.SecretKeyRef;
import io.horadus.api.WebhookSpec;
import io.horadus.notify.DeliverySettings;
import io.horadus.notify.WebhookNotifier;
import io.horadus.release.approval.Approvals;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.ReleaseInput;
import io.horadus.release.driver.StatusStore;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.SecretStore;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MovableClock;
import io.horadus.testing.WebhookServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications as a webhook on loopback receives them, from the driver and the engine (on the engine's
 * fakes): one JSON message when a release is released, rolled back, fails a gate, or waits for a reviewer;
 * none repeated while it stays so; no secret value in any; and a webhook that is missing, down or slow never
 * holds or fails the release.
 */
class NotificationsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String HOOK_PATH = "/services/T0001/B0002/hook-token-5a9c";
    private static final String API_KEY = "sentinel-notify-api-key-3141";

    private final WebhookServer server = new WebhookServer();
    private final Fakes.Host host = new Fakes.Host();
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100").tag("v1.1.0", "c110");
    /** The app's checks: v1.1.0 fails them when {@code v110Fails}, echoing the API key it was sent (an app may). */
    private boolean v110Fails;
    private final Verifier checks = (release, verify, services, observed, access) -> {
        var pass = !(v110Fails && "v1.1.0".equals(host.running));
        return new VerificationReport(List.of(new VerificationReport.Check("health", pass, pass ? "HTTP 200" : "HTTP 500: bad key " + API_KEY)));
    };
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final Fakes.Rounds rounds = new Fakes.Rounds(host, checks, clock);
    private final Map<String, Map<String, byte[]>> secrets = new HashMap<>();
    private final SecretStore secretStore = (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Approvals approvals = new Approvals.Found(List.of());
    private final List<ReleaseEvent> events = new ArrayList<>();
    private final Store store = new Store();
    private final HoradusReleaseSpec spec = ReleaseEngineTest.spec("v1.0.0");
    private WebhookNotifier notifier = notifier(DeliverySettings.DEFAULT.withTimeout(Duration.ofSeconds(10)), Optional.empty());
    private ReleaseDriver driver = driver(notifier);

    NotificationsTest() {
        secrets.put("ns/hooks", Map.of("url", server.url(HOOK_PATH).getBytes(StandardCharsets.UTF_8)));
        secrets.put("ns/app-env", Map.of("API_KEY", API_KEY.getBytes(StandardCharsets.UTF_8)));
        spec.getTarget().setVariablesSecretRef("app-env");
        spec.setNotify(new NotifySpec(new WebhookSpec(new SecretKeyRef("hooks", "url"))));
    }

    @AfterEach
    void stop() {
        notifier.close();
        server.close();
    }

    @Test
    @DisplayName("a release that becomes Ready: one Released message with its tag, commit and the text a chat shows; none again while it is watched")
    void released() throws Exception {
        settle(Phase.Ready);
        watchSomeRounds();

        var message = server.next(PATIENCE);
        assertThat(message.path()).isEqualTo(HOOK_PATH);
        assertThat(message.contentType()).isEqualTo("application/json");
        var json = message.json();
        assertThat(json.path("text").asText()).isEqualTo("✅ ns/app: v1.0.0 (c100) is released and verified");
        assertThat(fields(json, "kind", "release", "namespace", "name", "tag", "commit", "currentTag", "reason", "phase"))
                .containsExactly("Released", "ns/app", "ns", "app", "v1.0.0", "c100", "v1.0.0", "Released", "Ready");
        assertThat(json.path("message").asText()).isEqualTo("v1.0.0 (c100) is released and verified");
        assertThat(Instant.parse(json.path("time").asText())).isAfterOrEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(json.has("incident")).isFalse();

        notifier.close();
        assertThat(server.received()).hasSize(1);
        assertThat(registry.counter("horadus_notifications", "result", "Sent").count()).isEqualTo(1.0);
    }

    @Test
    @DisplayName("a rollback: a RolledBack message with the incident (the tag left, the tag put back, the failed check), secrets masked")
    void rolledBack() throws Exception {
        settle(Phase.Ready);
        v110Fails = true;
        spec.setTag("v1.1.0");
        store.generation++;

        settle(Phase.RolledBack);

        assertThat(server.next(PATIENCE).json().path("kind").asText()).isEqualTo("Released");
        var json = server.next(PATIENCE).json();
        assertThat(fields(json, "kind", "tag", "commit", "currentTag", "lastGoodTag", "reason", "phase"))
                .containsExactly("RolledBack", "v1.1.0", "c110", "v1.0.0", "v1.0.0", "RolledBack", "RolledBack");
        assertThat(json.path("text").asText()).startsWith("⏪ ns/app: v1.1.0 rolled back to v1.0.0 after its checks stayed failed");
        var incident = json.path("incident");
        assertThat(fields(incident, "fromTag", "fromCommit", "toTag", "toCommit", "state"))
                .containsExactly("v1.1.0", "c110", "v1.0.0", "c100", "RolledBack");
        assertThat(incident.path("failedChecks").get(0).path("name").asText()).isEqualTo("verification");
        assertThat(incident.path("failedChecks").get(0).path("detail").asText()).contains("HTTP 500: bad key ***");
        notifier.close();
        assertThat(server.received()).extracting(m -> m.json().path("kind").asText()).containsExactly("Released", "RolledBack");
        assertThat(server.received()).allSatisfy(m -> assertThat(m.body()).doesNotContain(API_KEY, "hook-token-5a9c"));
    }

    @Test
    @DisplayName("a failed gate: a Failed message with GateFailed and what the gate said, once")
    void failedGate() throws Exception {
        spec.setGates(new ArrayList<>(List.of(new GateSpec("lint", "horadus-dev:ci", List.of("make", "lint")))));
        host.gateResults.put("lint", new GateResult.Exited(2, "E501 line too long\n", Duration.ofSeconds(1)));

        settle(Phase.Failed);
        pass();

        var json = server.next(PATIENCE).json();
        assertThat(fields(json, "kind", "tag", "reason", "phase")).containsExactly("Failed", "v1.0.0", "GateFailed", "Failed");
        assertThat(json.path("message").asText()).contains("lint");
        assertThat(json.path("text").asText()).startsWith("❌ ns/app: v1.0.0 failed (GateFailed): ");
        notifier.close();
        assertThat(server.received()).hasSize(1);
        assertThat(host.calls).doesNotContain("build v1.0.0");
    }

    @Test
    @DisplayName("a release awaiting a reviewer: one AwaitingApproval message naming the commit, however many times it looks for the approval")
    void awaitingApproval() throws Exception {
        spec.getApproval().setRequired(ApprovalRequirement.Always);

        settle(Phase.AwaitingApproval);
        for (int i = 0; i < 5; i++) {
            clock.advance(pass().orElseThrow());
        }

        var json = server.next(PATIENCE).json();
        assertThat(fields(json, "kind", "tag", "commit", "reason", "phase")).containsExactly("AwaitingApproval", "v1.0.0", "c100", "AwaitingApproval",
                "AwaitingApproval");
        assertThat(json.path("text").asText()).startsWith("⏳ ns/app: v1.0.0 (commit c100) awaits a reviewer's approval");
        notifier.close();
        assertThat(server.received()).hasSize(1);
        assertThat(store.saved.getPhase()).isEqualTo(Phase.AwaitingApproval);
    }

    @Test
    @DisplayName("the operator's own webhook gets every release's messages too, besides the release's own")
    void operatorWebhook() throws Exception {
        secrets.put("horadus-system/all-releases", Map.of("webhook", server.url("/all").getBytes(StandardCharsets.UTF_8)));
        notifier.close();
        notifier = notifier(DeliverySettings.DEFAULT, Optional.of(new WebhookNotifier.OwnWebhook("horadus-system",
                new SecretKeyRef("all-releases", "webhook"), "horadus.notify.secret")));
        driver = driver(notifier);

        settle(Phase.Ready);

        var first = server.next(PATIENCE);
        var second = server.next(PATIENCE);
        assertThat(List.of(first.path(), second.path())).containsExactlyInAnyOrder(HOOK_PATH, "/all");
        assertThat(second.body()).isEqualTo(first.body());
    }

    @Test
    @DisplayName("a webhook Secret that is missing: the release is Ready all the same, a NotificationFailed event names the Secret, counted Failed")
    void missingSecret() {
        secrets.remove("ns/hooks");

        settle(Phase.Ready);

        assertThat(events).filteredOn(e -> e.reason().equals("NotificationFailed")).extracting(ReleaseEvent::message)
                .containsExactly("Secret hooks (spec.notify.webhook.secretRef) not found in namespace ns: no notification sent");
        assertThat(registry.counter("horadus_notifications", "result", "Failed").count()).isEqualTo(1.0);
        notifier.close();
        assertThat(server.requests()).isZero();
    }

    @Test
    @DisplayName("a webhook Secret whose value is no URL: NotificationFailed says so without quoting the value; the release is Ready")
    void notAUrl() {
        secrets.put("ns/hooks", Map.of("url", "hooks.example/T0001 secret-ish".getBytes(StandardCharsets.UTF_8)));

        settle(Phase.Ready);

        assertThat(events).filteredOn(e -> e.reason().equals("NotificationFailed")).extracting(ReleaseEvent::message)
                .containsExactly("Secret hooks key 'url' (spec.notify.webhook.secretRef) holds no http(s) URL: no notification sent");
    }

    @Test
    @DisplayName("a webhook that is down: tried a bounded number of times, then given up and counted Failed; the release is Ready")
    void webhookDown() {
        var closedPort = LoopbackPorts.free();
        secrets.put("ns/hooks", Map.of("url", ("http://127.0.0.1:" + closedPort + HOOK_PATH).getBytes(StandardCharsets.UTF_8)));
        notifier.close();
        notifier = notifier(new DeliverySettings(10, 3, Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(2),
                Duration.ofSeconds(2)), Optional.empty());
        driver = driver(notifier);

        settle(Phase.Ready);

        await().atMost(PATIENCE).until(() -> registry.counter("horadus_notifications", "result", "Failed").count() == 1.0);
        assertThat(registry.counter("horadus_notifications", "result", "Sent").count()).isZero();
        assertThat(store.saved.getPhase()).isEqualTo(Phase.Ready);
    }

    @Test
    @DisplayName("a webhook that answers slowly: the release is Ready while it still holds the request; each try is cut at the timeout, then given up")
    void webhookSlow() throws Exception {
        server.hold();
        notifier.close();
        notifier = notifier(new DeliverySettings(10, 2, Duration.ofMinutes(1), Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300),
                Duration.ofSeconds(2)), Optional.empty());
        driver = driver(notifier);

        settle(Phase.Ready);
        assertThat(server.next(PATIENCE).json().path("kind").asText()).as("received, not answered").isEqualTo("Released");

        await().atMost(PATIENCE).until(() -> registry.counter("horadus_notifications", "result", "Failed").count() == 1.0);
        assertThat(server.requests()).as("tried twice, each cut at its timeout").isEqualTo(2);
        assertThat(store.saved.getPhase()).isEqualTo(Phase.Ready);
    }

    // --------------------------------------------------------------------------------------------------

    private WebhookNotifier notifier(DeliverySettings settings, Optional<WebhookNotifier.OwnWebhook> own) {
        return new WebhookNotifier(secretStore, own, settings, registry, clock);
    }

    private ReleaseDriver driver(WebhookNotifier notifier) {
        return new ReleaseDriver(Fakes.engine(host, source, checks, clock, rounds, new Fakes.Reviewers(() -> approvals)), rounds.rounds, secretStore,
                Telemetry.NONE, clock, Duration.ofSeconds(30), notifier);
    }

    private Optional<Duration> pass() {
        return driver.pass(new ReleaseInput("ns/app", store.generation, spec, null), store, events::addAll);
    }

    /** Passes, moving the clock as each asks, until the release is in {@code phase}. */
    private void settle(Phase phase) {
        for (int i = 0; i < 200; i++) {
            var next = pass();
            if (store.saved.getPhase() == phase) {
                return;
            }
            clock.advance(next.orElse(Duration.ofSeconds(1)));
            rounds.runDue("ns/app");
        }
        throw new AssertionError("release did not reach " + phase + ": " + store.saved.getPhase() + " " + store.saved.getConditions());
    }

    /** A few passing rounds of the watch, each applied by a pass as the operator would. */
    private void watchSomeRounds() {
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(spec.getVerify().getIntervalSeconds()));
            rounds.runDue("ns/app");
            pass();
        }
    }

    private static List<String> fields(JsonNode json, String... names) {
        return java.util.Arrays.stream(names).map(n -> json.path(n).asText()).toList();
    }

    /** Status kept as JSON, as a store that persists it would: each load is a copy. */
    private static final class Store implements StatusStore {
        private String json;
        HoradusReleaseStatus saved;
        long generation = 1;

        @Override
        public HoradusReleaseStatus load() {
            return json == null ? new HoradusReleaseStatus() : Json.read(json, HoradusReleaseStatus.class);
        }

        @Override
        public void save(HoradusReleaseStatus status) {
            json = Json.of(status);
            saved = load();
        }
    }
}

package io.horadus.release;

import io.horadus.api.Condition;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.ReleaseInput;
import io.horadus.release.driver.StatusRefusedException;
import io.horadus.release.driver.StatusStore;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.port.SecretRefusedException;
import io.horadus.release.port.SecretStore;
import io.horadus.release.port.WorkDirFullException;
import io.horadus.testing.MovableClock;
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

/**
 * The driver's own loop, on the engine's fakes: what it saves, what it publishes and what it reports
 * when the secrets are missing or refused, when a pass throws, and while the watch runs its rounds.
 */
class ReleaseDriverTest {

    private static final Duration SECRET_RETRY = Duration.ofSeconds(30);

    private final Fakes.Host host = new Fakes.Host();
    private final Fakes.Source source = new Fakes.Source().tag("v1.0.0", "c100");
    private final Fakes.Checks checks = new Fakes.Checks();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final Fakes.Rounds rounds = new Fakes.Rounds(host, checks, clock);
    private final Map<String, Map<String, byte[]>> secrets = new HashMap<>();
    private final SecretStore secretStore = (namespace, name) -> Optional.ofNullable(secrets.get(namespace + "/" + name));
    private final Heard telemetry = new Heard();
    private final ReleaseDriver driver = new ReleaseDriver(Fakes.engine(host, source, checks, clock, rounds), rounds.rounds, secretStore,
            telemetry, clock, SECRET_RETRY);
    private final Store store = new Store();
    private final List<ReleaseEvent> events = new ArrayList<>();
    private final HoradusReleaseSpec spec = ReleaseEngineTest.spec("v1.0.0");

    @Test
    @DisplayName("a missing secret: Failed with SecretInvalid, saved, nothing run, looked at again after the secret retry")
    void missingSecret() {
        spec.getSource().setSecretRef("git-credentials");

        var next = pass();

        assertThat(next).contains(SECRET_RETRY);
        assertThat(store.saved.getPhase()).isEqualTo(Phase.Failed);
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "SecretInvalid", "Secret git-credentials not found in namespace ns");
        assertThat(host.calls).isEmpty();
        assertThat(telemetry.failed).containsExactly(Reason.SecretInvalid);
    }

    @Test
    @DisplayName("a variable the compose CLI reads itself is refused by the one rule set, naming the secret and key")
    void reservedVariable() {
        spec.getTarget().setVariablesSecretRef("app-env");
        secrets.put("ns/app-env", Map.of("DOCKER_HOST", "tcp://elsewhere:2375".getBytes(StandardCharsets.UTF_8)));

        pass();

        assertThat(condition("Ready").getMessage())
                .isEqualTo("Secret app-env key 'DOCKER_HOST' is reserved: DOCKER_*, COMPOSE_* and HORADUS_* are the operator's");
        assertThat(host.calls).isEmpty();
    }

    @Test
    @DisplayName("a secret its store refuses to hand over (a key file others can read): SecretInvalid with the store's words, nothing run")
    void refusedSecret() {
        spec.getSource().setSecretRef("git-credentials");
        var refusing = new ReleaseDriver(Fakes.engine(host, source, checks, clock, rounds), rounds.rounds, (namespace, name) -> {
            throw new SecretRefusedException("Secret " + name + " key 'token': /state/secrets/" + name + "/token is open to group or others (mode 0644)");
        }, telemetry, clock, SECRET_RETRY);

        var next = refusing.pass(input(), store, events::addAll);

        assertThat(next).contains(SECRET_RETRY);
        assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "SecretInvalid", "Secret git-credentials key 'token': /state/secrets/git-credentials/token is open to group or others (mode 0644)");
        assertThat(host.calls).isEmpty();
        assertThat(telemetry.failed).containsExactly(Reason.SecretInvalid);
    }

    @Test
    @DisplayName("a pass that throws on a silent engine: Reconciling=True, HostUnreachable, reported as such")
    void engineDown() {
        host.engineDown = true;
        var input = input();
        var threw = false;
        for (int i = 0; i < 20 && !threw; i++) {
            try {
                clock.advance(driver.pass(input, store, events::addAll).orElseThrow());
            } catch (RuntimeException e) {
                driver.failed(input, store, e);
                threw = true;
            }
        }
        assertThat(threw).as("a pass reached the engine").isTrue();
        assertThat(condition("Reconciling")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "HostUnreachable");
        assertThat(telemetry.failed).containsExactly(Reason.HostUnreachable);
    }

    @Test
    @DisplayName("a pass whose git remote has no such repository: Reconciling=True, SourceUnreachable with the remote's answer, reported as such")
    void sourceUnavailable() {
        source.unavailable = "git fetch of https://git.example/nothing.git failed: not found";
        var input = input();

        Reason reason = null;
        try {
            pass();
        } catch (RuntimeException e) {
            reason = driver.failed(input, store, e);
        }

        assertThat(reason).isEqualTo(Reason.SourceUnreachable);
        assertThat(condition("Reconciling")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("True", "SourceUnreachable", "git fetch of https://git.example/nothing.git failed: not found");
        assertThat(telemetry.failed).containsExactly(Reason.SourceUnreachable);
    }

    @Test
    @DisplayName("a pass whose work directory is full: Reconciling=True, WorkDirFull (not SourceUnreachable: the remote is fine), reported as such")
    void workDirFull() {
        var input = input();
        var full = new WorkDirFullException("no space left in the work directory /work/git: cannot check out commit 0123 of tag 'v1.1.0'"
                + " from https://git.example/app.git: No space left on device", null);

        var reason = driver.failed(input, store, new IllegalStateException("pass failed", full));

        assertThat(reason).isEqualTo(Reason.WorkDirFull);
        assertThat(condition("Reconciling")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "WorkDirFull");
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("Unknown", "WorkDirFull");
        assertThat(telemetry.failed).containsExactly(Reason.WorkDirFull);
    }

    @Test
    @DisplayName("a status the store refused: Reconciling=True, StatusRefused, the store's words in Ready's message")
    void statusRefused() {
        var refused = new StatusRefusedException("the API server refused the status write of status.phase (HTTP 422): status.phase: Unsupported value", null);

        var reason = driver.failed(input(), store, refused);

        assertThat(reason).isEqualTo(Reason.StatusRefused);
        assertThat(condition("Reconciling")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "StatusRefused");
        assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("Unknown", "StatusRefused", "the API server refused the status write of status.phase (HTTP 422): status.phase: Unsupported value");
        assertThat(telemetry.failed).containsExactly(Reason.StatusRefused);
    }

    @Test
    @DisplayName("released: every pass and every watch round is reported, the passing rounds that trigger no pass included")
    void telemetryHearsPassesAndRounds() {
        settle();
        assertThat(store.saved.getPhase()).isEqualTo(Phase.Ready);
        assertThat(telemetry.passes).isPositive();
        assertThat(events).extracting(ReleaseEvent::reason).contains("Released");

        var interval = Duration.ofSeconds(spec.getVerify().getIntervalSeconds());
        clock.advance(interval);
        assertThat(rounds.runDue("ns/app")).as("the first round begins the watch's record").isTrue();
        pass();
        clock.advance(interval);
        assertThat(rounds.runDue("ns/app")).as("a passing round asks for no pass").isFalse();
        checks.answer(false);
        clock.advance(interval);
        assertThat(rounds.runDue("ns/app")).as("a failed one does").isTrue();

        assertThat(telemetry.rounds).containsExactly("v1.0.0 Passed []", "v1.0.0 Passed []", "v1.0.0 Failed [health]");
    }

    @Test
    @DisplayName("released: each step that ran is reported once, in order, Succeeded; steps not needed (gates, approval) are not")
    void stepsReported() {
        settle();

        assertThat(telemetry.transitions).extracting(t -> (io.horadus.release.driver.Transition.StepEnded) t)
                .extracting(t -> t.step() + " " + t.result())
                .containsExactly("Resolve Succeeded", "Build Succeeded", "Migrate Succeeded", "RollOut Succeeded", "Verify Succeeded");
    }

    @Test
    @DisplayName("a failed build: Build reported Failed, and nothing more however often the failed release is passed again")
    void failedStepReported() {
        host.exitCodes.put("build v1.0.0", 2);
        for (int i = 0; i < 10; i++) {
            pass();
        }

        assertThat(telemetry.transitions).extracting(t -> (io.horadus.release.driver.Transition.StepEnded) t)
                .extracting(t -> t.step() + " " + t.result())
                .containsExactly("Resolve Succeeded", "Build Failed");
    }

    @Test
    @DisplayName("a person's rollback request on the input reaches the engine: refused for a tag not kept, saved and published, nothing run")
    void rollbackRequestReachesTheEngine() {
        settle();
        host.calls.clear();
        events.clear();

        driver.pass(new ReleaseInput("ns/app", 1, spec, null, new RollbackRequest("v0.9.0", "v0.9.0@1")), store, events::addAll);

        assertThat(condition("RollbackRequest")).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
                .containsExactly("False", "RollbackRefused", "v0.9.0 is not a kept release; kept releases: v1.0.0; nothing was run");
        assertThat(store.saved.getRollbackToken()).isEqualTo("v0.9.0@1");
        assertThat(events).extracting(ReleaseEvent::reason).containsExactly("RollbackRefused");
        assertThat(host.calls).isEmpty();
    }

    private Optional<Duration> pass() {
        return driver.pass(input(), store, events::addAll);
    }

    private ReleaseInput input() {
        return new ReleaseInput("ns/app", 1, spec, null);
    }

    private void settle() {
        for (int i = 0; i < 100; i++) {
            var next = pass();
            if (store.saved.getPhase() == Phase.Ready) {
                return;
            }
            clock.advance(next.orElseThrow());
        }
        throw new AssertionError("release did not settle: " + store.saved.getPhase());
    }

    private Condition condition(String type) {
        return store.saved.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + store.saved.getConditions()));
    }

    /** Status kept as JSON, as a store that persists it would: each load is a copy. */
    private static final class Store implements StatusStore {
        private String json;
        HoradusReleaseStatus saved;

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

    private static final class Heard implements Telemetry {
        int passes;
        final List<Reason> failed = new ArrayList<>();
        final List<String> rounds = new ArrayList<>();
        final List<io.horadus.release.driver.Transition> transitions = new ArrayList<>();

        @Override
        public void passed(String key, HoradusReleaseStatus status, List<ReleaseEvent> events, Duration took) {
            passes++;
        }

        @Override
        public void failed(String key, Reason reason, Duration took) {
            failed.add(reason);
        }

        @Override
        public void round(String key, String tag, RoundResult result, List<String> failedChecks, Duration took, Duration late) {
            rounds.add(tag + " " + result + " " + failedChecks);
        }

        @Override
        public void transitions(String key, List<io.horadus.release.driver.Transition> found) {
            transitions.addAll(found);
        }
    }
}

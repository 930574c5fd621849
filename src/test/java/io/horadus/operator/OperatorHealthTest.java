package io.horadus.operator;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OperatorHealthTest {

    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final String INFORMER = "horadusrelease (all namespaces)";

    @Test
    @DisplayName("all parts running and watching: ready and live, each part named in the data")
    void healthy() {
        var state = state(informer(true, true, Duration.ZERO), true, true);

        assertThat(ready(state)).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(live(state)).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(OperatorHealth.readiness(state, GRACE).getName()).isEqualTo("horadus-operator");
        assertThat(data(OperatorHealth.readiness(state, GRACE))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "operator", "started", "informer " + INFORMER, "watching",
                "reconcile threads", "running", "watch round threads", "running"));
    }

    @Test
    @DisplayName("a watch lost for less than the grace (a routine reconnect): still ready")
    void briefReconnect() {
        var state = state(informer(true, true, Duration.ofSeconds(20)), true, true);

        assertThat(ready(state)).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(OperatorHealth.readiness(state, GRACE))).containsEntry("informer " + INFORMER, "without its watch for 20 s, reconnecting");
    }

    @Test
    @DisplayName("a watch lost for longer than the grace: not ready (it hears of no change), but live (a restart would not bring it back)")
    void watchLost() {
        var state = state(informer(true, true, Duration.ofSeconds(75)), true, true);

        assertThat(ready(state)).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(live(state)).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(OperatorHealth.readiness(state, GRACE)))
                .containsEntry("informer " + INFORMER, "without its watch for 75 s (grace 60 s): hears of no change");
    }

    @Test
    @DisplayName("an informer that stopped, or an executor shut down, never heals: neither ready nor live")
    void deadParts() {
        var stopped = state(informer(false, true, Duration.ZERO), true, true);
        var noReconciles = state(informer(true, true, Duration.ZERO), false, true);
        var noRounds = state(informer(true, true, Duration.ZERO), true, false);

        for (var state : List.of(stopped, noReconciles, noRounds)) {
            assertThat(ready(state)).as("%s", state).isEqualTo(HealthCheckResponse.Status.DOWN);
            assertThat(live(state)).as("%s", state).isEqualTo(HealthCheckResponse.Status.DOWN);
        }
        assertThat(data(OperatorHealth.liveness(stopped))).containsEntry("informer " + INFORMER, "stopped");
        assertThat(data(OperatorHealth.liveness(noRounds))).containsEntry("watch round threads", "shut down");
    }

    @Test
    @DisplayName("starting: not ready yet, but live; an informer not synced yet is not ready")
    void starting() {
        var starting = new RuntimeState(false, List.of(), false, true);
        var unsynced = state(informer(true, false, Duration.ZERO), true, true);

        assertThat(ready(starting)).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(live(starting)).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(ready(unsynced)).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(live(unsynced)).isEqualTo(HealthCheckResponse.Status.UP);
    }

    private static RuntimeState state(RuntimeState.Informer informer, boolean reconcileThreads, boolean watchThreads) {
        return new RuntimeState(true, List.of(informer), reconcileThreads, watchThreads);
    }

    private static RuntimeState.Informer informer(boolean running, boolean synced, Duration withoutWatch) {
        return new RuntimeState.Informer(INFORMER, running, synced, withoutWatch);
    }

    private static HealthCheckResponse.Status ready(RuntimeState state) {
        return OperatorHealth.readiness(state, GRACE).getStatus();
    }

    private static HealthCheckResponse.Status live(RuntimeState state) {
        return OperatorHealth.liveness(state).getStatus();
    }

    private static Map<String, Object> data(HealthCheckResponse response) {
        return response.getData().orElseThrow();
    }
}

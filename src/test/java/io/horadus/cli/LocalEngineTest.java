package io.horadus.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalEngineTest {

    private static final Duration OTHERWISE = Duration.ofSeconds(60);

    @Test
    void timeoutsFromTheEnvironmentReadAsTheOperatorsSettings() {
        assertThat(LocalEngine.duration(Map.of(), "HORADUS_GIT_TIMEOUT", OTHERWISE)).isEqualTo(OTHERWISE);
        assertThat(LocalEngine.duration(Map.of("HORADUS_GIT_TIMEOUT", " "), "HORADUS_GIT_TIMEOUT", OTHERWISE)).isEqualTo(OTHERWISE);
        assertThat(LocalEngine.duration(Map.of("HORADUS_GIT_TIMEOUT", "3s"), "HORADUS_GIT_TIMEOUT", OTHERWISE)).isEqualTo(Duration.ofSeconds(3));
        assertThat(LocalEngine.duration(Map.of("HORADUS_COMMAND_TIMEOUT", "30M"), "HORADUS_COMMAND_TIMEOUT", OTHERWISE)).isEqualTo(Duration.ofMinutes(30));
        assertThat(LocalEngine.duration(Map.of("HORADUS_COMMAND_TIMEOUT", "pt90s"), "HORADUS_COMMAND_TIMEOUT", OTHERWISE)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aValueThatIsNoPositiveDurationIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> LocalEngine.duration(Map.of("HORADUS_GIT_TIMEOUT", "soon"), "HORADUS_GIT_TIMEOUT", OTHERWISE))
                .hasMessageContaining("HORADUS_GIT_TIMEOUT='soon' is not a positive duration");
        assertThatThrownBy(() -> LocalEngine.duration(Map.of("HORADUS_GIT_TIMEOUT", "0s"), "HORADUS_GIT_TIMEOUT", OTHERWISE))
                .hasMessageContaining("HORADUS_GIT_TIMEOUT='0s'");
    }
}

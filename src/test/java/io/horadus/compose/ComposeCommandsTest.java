package io.horadus.compose;

import io.horadus.release.port.ComposeTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ComposeCommandsTest {

    static final ComposeTarget ONE_FILE = new ComposeTarget("unix:///var/run/docker.sock", null, "shop", List.of("compose.yml"));
    static final ComposeTarget TWO_FILES = new ComposeTarget("unix:///var/run/docker.sock", null, "shop",
            List.of("compose.yml", "compose.prod.yml"));

    static Stream<List<String>> binaries() {
        return Stream.of(List.of("docker", "compose"), List.of("docker-compose"));
    }

    private static List<String> concat(List<String> bin, String... rest) {
        List<String> all = new ArrayList<>(bin);
        all.addAll(List.of(rest));
        return all;
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void build(List<String> bin) {
        ComposeCommands commands = new ComposeCommands(bin);
        assertThat(commands.build(ONE_FILE, List.of("api", "worker")))
                .containsExactlyElementsOf(concat(bin, "-p", "shop", "-f", "compose.yml", "build", "--force-rm", "api", "worker"));
        assertThat(commands.build(TWO_FILES, List.of("api")))
                .containsExactlyElementsOf(concat(bin, "-p", "shop", "-f", "compose.yml", "-f", "compose.prod.yml", "build", "--force-rm", "api"));
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void migrate(List<String> bin) {
        ComposeCommands commands = new ComposeCommands(bin);
        assertThat(commands.migrate(ONE_FILE, "migrate", "ops", "shop-mig-v1-2"))
                .containsExactlyElementsOf(concat(bin, "-p", "shop", "-f", "compose.yml", "--profile", "ops",
                        "run", "-T", "--name", "shop-mig-v1-2", "--label", "horadus.io/migration-run=shop-mig-v1-2",
                        "migrate"));
        assertThat(commands.migrate(TWO_FILES, "migrate", "ops", "r1"))
                .containsExactlyElementsOf(concat(bin, "-p", "shop", "-f", "compose.yml", "-f", "compose.prod.yml",
                        "--profile", "ops", "run", "-T", "--name", "r1", "--label", "horadus.io/migration-run=r1",
                        "migrate"));
    }

    @ParameterizedTest
    @MethodSource("binaries")
    void up(List<String> bin) {
        ComposeCommands commands = new ComposeCommands(bin);
        assertThat(commands.up(ONE_FILE, List.of("api", "worker")))
                .containsExactlyElementsOf(concat(bin, "-p", "shop", "-f", "compose.yml", "up", "-d", "api", "worker"));
        assertThat(commands.up(TWO_FILES, List.of("api")))
                .containsExactlyElementsOf(concat(bin, "-p", "shop", "-f", "compose.yml", "-f", "compose.prod.yml", "up", "-d", "api"));
    }

    @Test
    void noServicesMeansAll() {
        ComposeCommands commands = new ComposeCommands(List.of("docker-compose"));
        assertThat(commands.up(ONE_FILE, List.of())).containsExactly("docker-compose", "-p", "shop", "-f", "compose.yml", "up", "-d");
    }

    @Test
    void refusesValuesThatComposeWouldReadAsOptions() {
        ComposeCommands commands = new ComposeCommands(List.of("docker-compose"));
        assertThatThrownBy(() -> commands.up(ONE_FILE, List.of("--build"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> commands.build(new ComposeTarget("unix:///x", null, "-shop", List.of()), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> commands.migrate(ONE_FILE, "migrate", "ops", "bad name"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> commands.migrate(ONE_FILE, "-d", "ops", "r1")).isInstanceOf(IllegalArgumentException.class);
    }
}

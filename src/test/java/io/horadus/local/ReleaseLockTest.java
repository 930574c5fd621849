package io.horadus.local;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One process, one command, acts on a release at a time; a dead holder never blocks anyone. */
class ReleaseLockTest {

    private static final Clock AT = Clock.fixed(Instant.parse("2026-12-05T23:10:00.731Z"), ZoneOffset.UTC);
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path temp;
    private Process other;

    @AfterEach
    void killOther() throws InterruptedException {
        if (other != null) {
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("a second command in the same process is refused, naming the holder; once closed, the release can be locked again")
    void withinTheProcess() {
        var state = new StateDirectory(temp, AT);
        var first = state.lock(Releases.KEY, "agent");

        assertThatThrownBy(() -> state.lock(Releases.KEY, "apply")).isInstanceOf(LockHeld.class)
                .hasMessage("release default/horadus is held by pid " + PID + " (horadus agent) since 2026-12-05T23:10:00Z");
        assertThat(state.lock(ReleaseKey.of("default", "other"), "apply").held()).as("another release is free").isTrue();

        first.close();
        first.close();
        try (var second = state.lock(Releases.KEY, "apply")) {
            assertThat(second.holder()).isEqualTo(new LockHolder(PID, Instant.parse("2026-12-05T23:10:00Z"), "apply"));
        }
    }

    @Test
    @DisplayName("the lock file names the holder while it holds, and nothing once it has let go")
    void holderInTheFile() throws IOException {
        var state = new StateDirectory(temp, AT);
        var file = temp.resolve("releases/default/horadus.lock");
        try (var lock = state.lock(Releases.KEY, "agent")) {
            assertThat(Files.readString(file)).isEqualTo("{\"pid\":" + PID + ",\"since\":\"2026-12-05T23:10:00Z\",\"command\":\"agent\"}");
        }
        assertThat(Files.readString(file)).isEmpty();
    }

    @Test
    @DisplayName("another process holding the release: refused with its pid and command; killed with SIGKILL, it blocks no one")
    void acrossProcesses() throws Exception {
        other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockingProcess.class.getName(), temp.toString(), "default/horadus", "agent")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        var out = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked " + other.pid());
        var state = new StateDirectory(temp);

        assertThatThrownBy(() -> state.lock(Releases.KEY, "apply")).isInstanceOf(LockHeld.class)
                .hasMessageMatching("release default/horadus is held by pid " + other.pid()
                        + " \\(horadus agent\\) since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")
                .satisfies(e -> assertThat(((LockHeld) e).holder()).hasValueSatisfying(h -> assertThat(h.pid()).isEqualTo(other.pid())));
        assertThat(state.holds(Releases.KEY)).isFalse();

        other.destroyForcibly();
        assertThat(other.waitFor(10, TimeUnit.SECONDS)).isTrue();
        try (var lock = state.lock(Releases.KEY, "apply")) {
            assertThat(lock.holder().pid()).isEqualTo(PID);
        }
    }

    @Test
    @DisplayName("refused attempts in this process leave the holder's OS lock intact: they never open the lock file")
    void refusedAttemptsKeepTheLock() throws Exception {
        var state = new StateDirectory(temp);
        try (var lock = state.lock(Releases.KEY, "agent")) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> state.lock(Releases.KEY, "apply")).isInstanceOf(LockHeld.class);
            }
            other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LockingProcess.class.getName(), temp.toString(), "default/horadus", "apply")
                    .redirectErrorStream(true)
                    .start();
            assertThat(other.waitFor(30, TimeUnit.SECONDS)).as("the other process was refused and ended").isTrue();
            var output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(List.of(output.split("\n"))).anyMatch(line -> line.contains("LockHeld: release default/horadus is held by pid " + PID + " (horadus agent)"));
        }
    }

    @Test
    @DisplayName("a second StateDirectory on the same root in one process is a programming error, and is told so")
    void secondInstance() {
        var state = new StateDirectory(temp);
        try (var lock = state.lock(Releases.KEY, "agent")) {
            assertThatThrownBy(() -> new StateDirectory(temp).lock(Releases.KEY, "apply")).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("release default/horadus is locked by another StateDirectory on the same state directory in this process")
                    .hasMessageEndingWith("use one StateDirectory per state directory");
        }
    }
}

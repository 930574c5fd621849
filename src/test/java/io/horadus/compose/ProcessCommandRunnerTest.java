package io.horadus.compose;

import io.horadus.release.port.CommandResult;
import io.horadus.release.port.HostUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Runs busybox applets as the programs under test; production code never runs a shell. */
class ProcessCommandRunnerTest {

    static final String BUSYBOX = "/bin/busybox";

    @TempDir
    Path dir;

    private static ProcessCommandRunner runner(Duration timeout) {
        return new ProcessCommandRunner(timeout, Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    }

    private static List<String> sh(String script) {
        return List.of(BUSYBOX, "sh", "-c", script);
    }

    @Test
    void keepsOnlyABoundedTail() {
        String script = "i=1; while [ $i -le 1000 ]; do echo line$i; i=$((i+1)); done;"
                + " " + BUSYBOX + " printf '%05000d\\n' 0; echo done";
        CommandResult result = runner(Duration.ofSeconds(30)).run(sh(script), dir, ProcessCommandRunner.Environment.NONE);

        assertThat(result.exitCode()).isZero();
        assertThat(result.outputTail()).hasSize(20);
        assertThat(result.outputTail().get(0)).isEqualTo("line983");
        assertThat(result.outputTail().get(17)).isEqualTo("line1000");
        assertThat(result.outputTail().get(18)).hasSize(200).matches("0+");
        assertThat(result.lastLine()).isEqualTo("done");
        assertThat(result.outputTail()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(200));
    }

    @Test
    void reportsExitCodeAndMergesStderrInDirectory() {
        CommandResult result = runner(Duration.ofSeconds(30)).run(sh("pwd; echo oops >&2; exit 7"), dir,
                ProcessCommandRunner.Environment.NONE);

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.outputTail()).containsExactly(dir.toString(), "oops");
        assertThat(result.argv()).containsExactlyElementsOf(sh("pwd; echo oops >&2; exit 7"));
        assertThat(result.duration()).isPositive();
    }

    @Test
    void environmentIsTheTargetsNotTheOperatorsDockerSettings() {
        Map<String, String> operator = new HashMap<>();
        operator.put("PATH", "/usr/bin:/bin");
        operator.put("KEEP_ME", "yes");
        operator.put("DOCKER_HOST", "tcp://operator-own:2375");
        operator.put("DOCKER_CONFIG", "/operator/.docker");
        operator.put("DOCKER_CONTEXT", "prod");
        operator.put("COMPOSE_FILE", "other.yml");
        operator.put("COMPOSE_PROJECT_NAME", "other");
        ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(30), operator);

        CommandResult tls = runner.run(List.of(BUSYBOX, "env"), dir,
                new ProcessCommandRunner.Environment("tcp://10.0.0.5:2376", Path.of("/certs/abc"), "v1.2.0", "0123abcd"));
        assertThat(tls.outputTail()).contains("DOCKER_HOST=tcp://10.0.0.5:2376", "DOCKER_TLS_VERIFY=1",
                "DOCKER_CERT_PATH=/certs/abc", "HORADUS_TAG=v1.2.0", "HORADUS_COMMIT=0123abcd", "KEEP_ME=yes");
        assertThat(tls.outputTail()).noneMatch(l -> l.startsWith("COMPOSE_") || l.startsWith("DOCKER_CONFIG")
                || l.startsWith("DOCKER_CONTEXT") || l.contains("operator-own"));

        CommandResult plain = runner.run(List.of(BUSYBOX, "env"), dir,
                new ProcessCommandRunner.Environment("unix:///var/run/docker.sock", null, "v2", "cafe"));
        assertThat(plain.outputTail()).contains("DOCKER_HOST=unix:///var/run/docker.sock", "HORADUS_TAG=v2");
        assertThat(plain.outputTail()).noneMatch(l -> l.startsWith("DOCKER_TLS_VERIFY") || l.startsWith("DOCKER_CERT_PATH"));
    }

    @Test
    void compose1GetsNoCaBundleThatWouldReplaceTheEnginesCa() {
        Map<String, String> operator = new HashMap<>();
        operator.put("PATH", "/usr/bin:/bin");
        operator.put("SSL_CERT_FILE", "/etc/ssl/certs/ca-certificates.crt");
        operator.put("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt");
        operator.put("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt");
        ProcessCommandRunner runner = new ProcessCommandRunner(Duration.ofSeconds(30), operator);

        CommandResult tls = runner.run(List.of(BUSYBOX, "env"), dir,
                new ProcessCommandRunner.Environment("tcp://10.0.0.5:2376", Path.of("/certs/abc"), "v1.2.0", "0123abcd"));

        assertThat(tls.outputTail()).contains("DOCKER_CERT_PATH=/certs/abc", "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt");
        assertThat(tls.outputTail()).noneMatch(l -> l.startsWith("REQUESTS_CA_BUNDLE=") || l.startsWith("CURL_CA_BUNDLE="));
    }

    @Test
    void timeoutKillsTheProcessAndItsChildren() {
        String script = BUSYBOX + " sleep 60 & echo child=$!; wait";
        CommandResult result = runner(Duration.ofMillis(700)).run(sh(script), dir, ProcessCommandRunner.Environment.NONE);

        assertThat(result.exitCode()).isEqualTo(ProcessCommandRunner.TIMED_OUT);
        assertThat(result.lastLine()).contains("timed out");
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(10));
        long child = Long.parseLong(result.outputTail().get(0).substring("child=".length()));
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void timeoutForceKillsWhatIgnoresSigterm() {
        String script = "trap '' TERM; " + BUSYBOX + " sleep 60 & echo child=$!; wait";
        CommandResult result = runner(Duration.ofMillis(500)).run(sh(script), dir, ProcessCommandRunner.Environment.NONE);

        assertThat(result.exitCode()).isEqualTo(ProcessCommandRunner.TIMED_OUT);
        assertThat(result.lastLine()).contains("timed out");
        assertThat(result.duration()).isLessThan(Duration.ofSeconds(15));
        long child = Long.parseLong(result.outputTail().get(0).substring("child=".length()));
        Optional<ProcessHandle> handle = ProcessHandle.of(child);
        await().atMost(Duration.ofSeconds(5)).until(() -> handle.map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void anInterruptKillsWithoutASigtermThatComposeWouldPassOnToItsContainer() throws Exception {
        var trapped = dir.resolve("sigterm-seen");
        String script = "trap 'echo term > " + trapped + "; exit 143' TERM; echo started; while :; do " + BUSYBOX + " sleep 0.1; done";
        var result = new java.util.concurrent.atomic.AtomicReference<CommandResult>();
        var caller = new Thread(() -> result.set(runner(Duration.ofSeconds(60)).run(sh(script), dir, ProcessCommandRunner.Environment.NONE)));
        caller.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.current().descendants()
                .anyMatch(p -> p.info().commandLine().orElse("").contains("sigterm-seen")));
        caller.interrupt();
        caller.join(10_000);

        assertThat(result.get().exitCode()).isEqualTo(ProcessCommandRunner.TIMED_OUT);
        assertThat(result.get().lastLine()).contains("interrupted");
        assertThat(trapped).as("the command got no SIGTERM").doesNotExist();
        assertThat(ProcessHandle.current().descendants().filter(p -> p.info().commandLine().orElse("").contains("sigterm-seen")))
                .as("nothing of it runs on").isEmpty();
    }

    @Test
    void programThatCannotStartIsHostUnavailable() {
        assertThatThrownBy(() -> runner(Duration.ofSeconds(5)).run(List.of("/nonexistent/hxa-compose"), dir,
                ProcessCommandRunner.Environment.NONE))
                .isInstanceOf(HostUnavailableException.class)
                .hasMessageContaining("/nonexistent/hxa-compose");
    }

    @Test
    void aLineCutInsideACharacterOutsideTheBmpKeepsNoHalfOfIt() {
        var tail = new ProcessCommandRunner.OutputTail(20, 200);
        var line = "x".repeat(199) + "\uD83D\uDE00 after the emoji\n" + "y".repeat(198) + "\uD83D\uDE00\n";
        tail.accept(line.toCharArray(), line.length());

        assertThat(tail.lines()).containsExactly("x".repeat(199), "y".repeat(198) + "\uD83D\uDE00");
    }

    @Test
    void blankLinesAreNotKeptInTheTail() {
        var tail = new ProcessCommandRunner.OutputTail(3, 200);
        var output = "Step 1/2 : FROM base\n\n   \r\nStep 2/2 : COPY . /app\n\nSuccessfully built abc\n\n";
        tail.accept(output.toCharArray(), output.length());
        tail.flush();

        assertThat(tail.lines()).containsExactly("Step 1/2 : FROM base", "Step 2/2 : COPY . /app", "Successfully built abc");
    }

    @Test
    void masksAValueWholeEvenPastTheLineLength() {
        var secret = "s3cret-" + "x".repeat(300);
        var script = BUSYBOX + " printf '%0190d' 0; echo " + secret + "; echo plain " + secret;
        CommandResult result = runner(Duration.ofSeconds(30)).run(sh(script), dir, ProcessCommandRunner.Environment.NONE,
                line -> line.replace(secret, "***"));

        assertThat(result.outputTail()).containsExactly("0".repeat(190) + "***", "plain ***");
    }

    @Test
    void givesTheProjectsVariablesButNeverLetsThemOverrideTheOperators() {
        var env = new ProcessCommandRunner.Environment("unix:///run/other.sock", null, "v1.2.3", "abc",
                Map.of("POSTGRES_PASSWORD", "pw-123", "HORADUS_TAG", "v6.6.6"));
        CommandResult result = runner(Duration.ofSeconds(30)).run(sh("echo $POSTGRES_PASSWORD $HORADUS_TAG"), dir, env);

        assertThat(result.outputTail()).containsExactly("pw-123 v1.2.3");
        assertThat(env.toString()).doesNotContain("pw-123");
    }
}

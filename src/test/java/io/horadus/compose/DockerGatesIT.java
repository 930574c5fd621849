package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GateRun;
import io.horadus.demo.BaseImage;
import io.horadus.testing.Commands;
import io.horadus.testing.EngineProxy;
import io.horadus.testing.GateRuns;
import io.horadus.testing.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DockerGates} against the machine's real Docker engine, with images built locally from
 * {@link BaseImage}, reached as {@code tcp://} through {@link EngineProxy} as a remote host would be (the
 * client's read timeout does not apply on a unix socket). The calls' client answers within
 * {@value #RESPONSE_SECONDS} s, shorter than some gates and build steps are silent, to show that
 * neither depends on the response timeout.
 */
class DockerGatesIT {

    /** What the gates here may take unless a test says otherwise. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    static final int RESPONSE_SECONDS = 3;
    static final String WORKDIR = "/src/app-under-test";

    static final String PREFIX = "hxagate" + ProcessHandle.current().pid();
    static final String NONCE = Long.toHexString(System.nanoTime());
    static final String STAGED_TAG = PREFIX + "-staged:gates";
    static final String BROKEN_TAG = PREFIX + "-broken:gates";
    static final String QUIET_TAG = PREFIX + "-quiet:gates";
    /** An image whose own ENTRYPOINT is a shell: a runner that only set the command would be wrapped by it. */
    static final String SHELL_ENTRYPOINT_IMAGE = PREFIX + "-sh-entrypoint:1";
    static final String NETWORK = PREFIX + "-net";
    /** A network the compose file names itself ({@code name: ...}): found by compose's labels, not by {@code <project>_<key>}. */
    static final String NAMED_NETWORK = PREFIX + "-own-name";
    static final String NAMED_PEER = PREFIX + "-named-peer";
    static final String PEER = PREFIX + "-peer";

    static EngineProxy proxy;
    static String engine;
    static Path work;
    static Path checkout;
    static ComposeTarget target;
    static DockerClients clients;
    static DockerClients builders;
    static DockerGates gates;
    static DockerClient docker;

    final AtomicInteger runs = new AtomicInteger();
    final List<String> runNames = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        BaseImage.ensure();
        proxy = new EngineProxy(LoopbackPorts.free());
        proxy.start();
        engine = proxy.dockerHost();
        work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "hxa-gates-");
        checkout = Files.createDirectories(work.resolve("checkout"));
        Files.writeString(checkout.resolve("README.txt"), "hello from the checkout\n");
        Path script = checkout.resolve("check.sh");
        Files.writeString(script, "#!/bin/sh\necho script-ran\nreadlink link-to-readme\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(checkout.resolve("link-to-readme"), Path.of("README.txt"));
        Files.createDirectories(checkout.resolve("app/config"));
        Files.writeString(checkout.resolve("app/config/settings.ini"), "[gate]\n");
        Files.createDirectories(checkout.resolve(".git/objects"));
        Files.writeString(checkout.resolve(".git/HEAD"), "ref: refs/heads/main\n");
        Files.createDirectories(checkout.resolve("docker"));
        // Only the checks stage writes "checks-stage"; its quiet step outlasts the calls' response timeout.
        Files.writeString(checkout.resolve("docker/Dockerfile.gates"), """
                FROM %s AS base
                RUN echo base-stage > /stage.txt
                FROM base AS checks
                RUN sleep %d && echo %s
                RUN echo checks-stage > /stage.txt
                FROM base AS final
                RUN echo final-stage > /stage.txt
                """.formatted(BaseImage.NAME, RESPONSE_SECONDS + 2, NONCE));
        Files.writeString(checkout.resolve("Dockerfile.broken"), """
                FROM %s
                RUN echo building %s && echo the-build-breaks-here && exit 3
                """.formatted(BaseImage.NAME, NONCE));
        Files.writeString(checkout.resolve("Dockerfile.quiet"), """
                FROM %s
                RUN sleep %d && echo quiet-%s
                """.formatted(BaseImage.NAME, RESPONSE_SECONDS + 2, NONCE));

        TlsMaterialStore tls = new TlsMaterialStore(work.resolve("tls"));
        clients = new DockerClients(tls, Duration.ofSeconds(5), Duration.ofSeconds(RESPONSE_SECONDS));
        builders = new DockerClients(tls, Duration.ofSeconds(5), Duration.ofMinutes(2));
        gates = new DockerGates(clients, builders, Duration.ofMinutes(2), work);
        docker = clients.client(engine, null);
        target = new ComposeTarget(engine, null, PREFIX, List.of("compose.yml"));

        Path shellImage = Files.createDirectories(work.resolve("sh-entrypoint"));
        Files.writeString(shellImage.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\nENTRYPOINT [\"/bin/sh\", \"-c\"]\n");
        docker("build", "-q", "-t", SHELL_ENTRYPOINT_IMAGE, shellImage.toString());
        docker("network", "create", NETWORK);
        docker("run", "-d", "--name", PEER, "--network", NETWORK, BaseImage.NAME, "sleep", "300");
        docker("network", "create", "--label", "com.docker.compose.project=" + PREFIX, "--label", "com.docker.compose.network=backend",
                NAMED_NETWORK);
        docker("run", "-d", "--name", NAMED_PEER, "--network", NAMED_NETWORK, BaseImage.NAME, "sleep", "300");
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(GateRun.LABEL)).exec()) {
            if (c.getLabels().getOrDefault(GateRun.LABEL, "").startsWith(PREFIX)) {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            }
        }
        Commands.run(List.of("docker", "rm", "-f", PEER, NAMED_PEER));
        Commands.run(List.of("docker", "network", "rm", NAMED_NETWORK));
        Commands.run(List.of("docker", "network", "rm", NETWORK));
        Commands.run(List.of("docker", "image", "rm", "-f", STAGED_TAG, BROKEN_TAG, QUIET_TAG, SHELL_ENTRYPOINT_IMAGE));
        clients.close();
        builders.close();
        proxy.close();
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @AfterEach
    void noGateContainerIsLeft() {
        for (String name : runNames) {
            assertThat(containersOf(name)).as("containers left by %s", name).isEmpty();
        }
    }

    @Test
    void passingGateSeesTheCheckoutWithoutGit() {
        GateResult result = gate(List.of("sh", "-c", "pwd; cat README.txt; ls -a; cat app/config/settings.ini; test -e .git || echo no-git-here"));

        var exited = exited(result, 0);
        assertThat(exited.output()).contains(WORKDIR, "hello from the checkout", "check.sh", "app", "[gate]", "no-git-here");
        assertThat(exited.output()).doesNotContain(".git\n");
        assertThat(exited.took()).isPositive();
    }

    @Test
    void executableScriptKeepsItsModeAndSymlinkStaysALink() {
        var exited = exited(gate(List.of("./check.sh")), 0);

        assertThat(exited.output()).isEqualTo("script-ran\nREADME.txt\n");
    }

    @Test
    void failingCommandShowsItsExitCodeAndOutput() {
        var exited = exited(gate(List.of("sh", "-c", "echo checking; echo 'E501 line too long' >&2; exit 7")), 7);

        assertThat(exited.output()).contains("checking", "E501 line too long");
    }

    @Test
    void environmentReachesTheCommand() {
        GateRun run = run(List.of("sh", "-c", "echo tag=$HORADUS_TAG secret=$GATE_TOKEN"))
                .env(Map.of("HORADUS_TAG", "v1.4.2", "GATE_TOKEN", "t0k3n with spaces")).build();

        assertThat(exited(GateRuns.toEnd(gates, run, TIMEOUT), 0).output()).isEqualTo("tag=v1.4.2 secret=t0k3n with spaces\n");
    }

    @Test
    void gateSilentForLongerThanTheResponseTimeoutIsWaitedFor() {
        var exited = exited(gate(List.of("sh", "-c", "sleep " + (RESPONSE_SECONDS + 2) + "; echo awake")), 0);

        assertThat(exited.output()).isEqualTo("awake\n");
    }

    @Test
    void gateStillRunningAtItsTimeoutIsKilled() {
        GateRun run = run(List.of("sh", "-c", "echo started; sleep 60")).build();

        GateResult result = GateRuns.toEnd(gates, run, Duration.ofSeconds(2));

        assertThat(result).isInstanceOf(GateResult.TimedOut.class);
        assertThat(((GateResult.TimedOut) result).timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(result.output()).isEqualTo("started\n");
        assertThat(result.took()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    @Test
    void outputLongerThanTheLimitIsCutToItsLastLines() {
        var exited = exited(gate(List.of("sh", "-c",
                "i=0; while [ $i -lt 600 ]; do echo \"line-$i of a long test report\"; i=$((i+1)); done")), 0);

        String output = exited.output();
        assertThat(output.length()).isLessThanOrEqualTo(GateResult.OUTPUT_MAX).isGreaterThan(GateResult.OUTPUT_MAX / 2);
        assertThat(output).startsWith("line-").endsWith("line-599 of a long test report\n").doesNotContain("line-0 ");
    }

    @Test
    void shellMetacharactersArePassedAsLiteralArguments() {
        List<String> args = List.of("a; touch /tmp/semicolon", "$(touch /tmp/substituted)", "`touch /tmp/backticked`",
                "&& touch /tmp/anded", "$HOME");
        List<String> echo = new ArrayList<>(List.of("echo"));
        echo.addAll(args);

        var echoed = exited(GateRuns.toEnd(gates, run(echo).image(new GateImage.Declared(SHELL_ENTRYPOINT_IMAGE)).build(), TIMEOUT), 0);
        assertThat(echoed.output()).isEqualTo(String.join(" ", args) + "\n");

        // ls names each argument it cannot find as it got it, and then lists /tmp, where a shell would have touched.
        List<String> ls = new ArrayList<>(List.of("ls", "-1", "/tmp"));
        ls.addAll(args);
        var listed = GateRuns.toEnd(gates, run(ls).image(new GateImage.Declared(SHELL_ENTRYPOINT_IMAGE)).build(), TIMEOUT);
        assertThat(listed).isInstanceOf(GateResult.Exited.class);
        assertThat(listed.output()).contains("$(touch /tmp/substituted): No such file or directory",
                "`touch /tmp/backticked`: No such file or directory");
        assertThat(listed.output()).doesNotContain("semicolon\n", "substituted\n", "backticked\n", "anded\n");
    }

    @Test
    void missingImageIsNotRunAndNeverPulled() {
        GateResult result = GateRuns.toEnd(gates, run(List.of("true")).image(new GateImage.Declared("horadus-test/absent:" + NONCE)).build(), TIMEOUT);

        assertThat(notRun(result)).isEqualTo("image horadus-test/absent:" + NONCE + " is not on the Docker host " + engine
                + ": gates never pull; build it there or use build");
    }

    @Test
    void imageBuiltUpToANamedStageRunsTheGate() {
        GateRun run = run(List.of("cat", "/stage.txt"))
                .image(new GateImage.Built("docker/Dockerfile.gates", Optional.of("checks"), STAGED_TAG)).build();

        assertThat(exited(GateRuns.toEnd(gates, run, TIMEOUT), 0).output()).isEqualTo("checks-stage\n");
        assertThat(Commands.run(List.of("docker", "image", "inspect", STAGED_TAG)).succeeded()).isTrue();
    }

    @Test
    void failingBuildIsNotRunWithTheBuildersErrorAndLog() {
        GateRun run = run(List.of("true")).image(new GateImage.Built("Dockerfile.broken", Optional.empty(), BROKEN_TAG)).build();

        GateResult result = GateRuns.toEnd(gates, run, TIMEOUT);

        assertThat(notRun(result)).startsWith("the build of Dockerfile Dockerfile.broken failed: ").contains("non-zero code: 3");
        assertThat(result.output()).contains("the-build-breaks-here");
    }

    @Test
    void buildWithAQuietStepFailsOnAClientWithTheShortResponseTimeout() {
        // Why DockerGates takes a separate client for builds: the build's progress stream is read with the
        // client's response timeout, and a RUN that prints nothing for longer ends it.
        var shortOnly = new DockerGates(clients, clients, Duration.ofMinutes(2), work);
        GateRun run = run(List.of("true")).image(new GateImage.Built("Dockerfile.quiet", Optional.empty(), QUIET_TAG)).build();

        assertThat(notRun(GateRuns.toEnd(shortOnly, run, TIMEOUT))).startsWith("cannot build the image from Dockerfile.quiet on " + engine + ": ")
                .containsIgnoringCase("timeout");
    }

    @Test
    void missingNetworkIsNotRun() {
        GateResult result = GateRuns.toEnd(gates, run(List.of("true")).network(PREFIX + "-absent").build(), TIMEOUT);

        assertThat(notRun(result)).isEqualTo("network " + PREFIX + "-absent does not exist on " + engine
                + ": the compose project must be up for this gate");
    }

    @Test
    void gateOnANetworkReachesItsServicesByName() {
        var exited = exited(GateRuns.toEnd(gates, run(List.of("ping", "-c", "1", "-W", "5", PEER)).network(NETWORK).build(), TIMEOUT), 0);

        assertThat(exited.output()).contains("1 packets received");
    }

    @Test
    void aNetworkTheComposeFileNamesItselfIsFoundByComposeLabels() {
        var run = run(List.of("ping", "-c", "1", "-W", "5", NAMED_PEER)).network(PREFIX + "_backend").build();

        assertThat(exited(GateRuns.toEnd(gates, run, TIMEOUT), 0).output()).contains("1 packets received");
    }

    @Test
    void leftoverContainerOfAKilledOperatorIsRemovedAndTheGateRuns() {
        String name = nextName();
        docker("create", "--name", name, "--label", GateRun.LABEL + "=" + name, BaseImage.NAME, "sleep", "300");
        docker("start", name);

        var exited = exited(GateRuns.toEnd(gates, run(List.of("echo", "ran again")).runName(name).build(), TIMEOUT), 0);

        assertThat(exited.output()).isEqualTo("ran again\n");
    }

    @Test
    void containerOfTheSameNameThatIsNotAGateIsLeftAlone() {
        String name = nextName();
        docker("create", "--name", name, BaseImage.NAME, "true");
        try {
            GateResult result = GateRuns.toEnd(gates, run(List.of("true")).runName(name).build(), TIMEOUT);

            assertThat(notRun(result)).contains("a container named " + name + " that is not this gate's run");
            assertThat(Commands.run(List.of("docker", "inspect", name)).succeeded()).isTrue();
        } finally {
            docker("rm", "-f", name);
        }
    }

    @Test
    void unreachableEngineIsNotRun() {
        String host = "tcp://127.0.0.1:" + LoopbackPorts.free();
        GateRun run = run(List.of("true")).target(new ComposeTarget(host, null, PREFIX, List.of("compose.yml"))).build();
        runNames.remove(run.runName());

        assertThat(notRun(GateRuns.toEnd(gates, run, TIMEOUT))).startsWith("cannot remove the leftover container").contains(host, "Connection refused");
    }

    // ---

    private GateResult gate(List<String> command) {
        return GateRuns.toEnd(gates, run(command).build(), TIMEOUT);
    }

    private RunBuilder run(List<String> command) {
        var builder = new RunBuilder(command);
        builder.runName(nextName());
        return builder;
    }

    private String nextName() {
        String name = PREFIX + "-" + runs.incrementAndGet();
        runNames.add(name);
        return name;
    }

    private static GateResult.Exited exited(GateResult result, int code) {
        assertThat(result).as("%s", result).isInstanceOf(GateResult.Exited.class);
        var exited = (GateResult.Exited) result;
        assertThat(exited.exitCode()).as("%s", result).isEqualTo(code);
        return exited;
    }

    private static String notRun(GateResult result) {
        assertThat(result).as("%s", result).isInstanceOf(GateResult.NotRun.class);
        String why = ((GateResult.NotRun) result).why();
        assertThat(why).doesNotContain("\n");
        return why;
    }

    private static List<Container> containersOf(String runName) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(GateRun.LABEL, runName)).exec();
    }

    private static void docker(String... args) {
        List<String> argv = new ArrayList<>(List.of("docker"));
        argv.addAll(List.of(args));
        var out = Commands.run(argv);
        assertThat(out.succeeded()).as("%s", out).isTrue();
    }

    /** A gate on the base image in WORKDIR. */
    private static final class RunBuilder {
        private ComposeTarget target = DockerGatesIT.target;
        private String runName;
        private GateImage image = new GateImage.Declared(BaseImage.NAME);
        private final List<String> command;
        private Map<String, String> env = Map.of();
        private Optional<String> network = Optional.empty();

        RunBuilder(List<String> command) {
            this.command = command;
        }

        RunBuilder target(ComposeTarget value) {
            target = value;
            return this;
        }

        RunBuilder runName(String value) {
            runName = value;
            return this;
        }

        RunBuilder image(GateImage value) {
            image = value;
            return this;
        }

        RunBuilder env(Map<String, String> value) {
            env = value;
            return this;
        }

        RunBuilder network(String value) {
            network = Optional.of(value);
            return this;
        }

        GateRun build() {
            return new GateRun(target, runName, image, checkout, WORKDIR, command, env, network);
        }
    }
}

package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostState;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.MigrationRun;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.ServiceContainer;
import io.horadus.demo.BaseImage;
import io.horadus.testing.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Against the machine's real Docker engine: a compose project of busybox services brought up with
 * {@link ComposeCli}, observed with {@link DockerHostObserver}, and migration runs found as
 * containers (exited, running, created but never started), as die events once someone else removed
 * them, or not at all; and removed by the observer.
 */
class DockerHostObserverIT {

    static final String ENGINE = "unix:///var/run/docker.sock";
    static final String TAG = "v1.0.0";

    static Path work;
    static String project;
    static ComposeTarget target;
    static ReleaseWorktree release;
    static ProcessCommandRunner runner;
    static ComposeBinary binary;
    static ComposeCli cli;
    static DockerClients clients;
    static DockerHostObserver observer;

    @BeforeAll
    static void upProject() throws IOException {
        String image = BaseImage.ensure();
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        work = Files.createTempDirectory(tmp, "hxa-observer-");
        project = "hxaobs" + ProcessHandle.current().pid();
        Files.writeString(work.resolve("compose.yml"), composeFile(image, LoopbackPorts.free()));

        runner = new ProcessCommandRunner(Duration.ofMinutes(2));
        binary = new ComposeBinary(Optional.empty(), new ProcessCommandRunner(Duration.ofSeconds(20)));
        TlsMaterialStore tls = new TlsMaterialStore(work.resolve("tls"));
        clients = new DockerClients(tls, Duration.ofSeconds(5), Duration.ofSeconds(30));
        cli = new ComposeCli(binary, runner, tls, clients);
        observer = new DockerHostObserver(clients);
        target = new ComposeTarget(ENGINE, null, project, List.of("compose.yml"));
        release = new ReleaseWorktree(target, TAG, "0123456789abcdef0123456789abcdef01234567", work);

        CommandResult up = cli.up(release, List.of("web", "worker"));
        assertThat(up.succeeded()).as("compose up: %s", up.outputTail()).isTrue();
    }

    @AfterAll
    static void downProject() throws IOException {
        if (binary == null) {
            return;
        }
        List<String> down = new ArrayList<>(binary.get());
        down.addAll(List.of("-p", project, "-f", "compose.yml", "--profile", "migrate", "down", "-v", "--remove-orphans", "-t", "1"));
        runner.run(down, work, new ProcessCommandRunner.Environment(ENGINE, null, TAG, "x"));
        // One-off containers compose does not consider its own any more: remove what is left of ours.
        DockerClient docker = clients.client(ENGINE, null);
        for (Container c : projectContainers(docker)) {
            docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        assertThat(projectContainers(docker)).isEmpty();
        clients.close();
        deleteRecursively(work);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void observeSeesRunningServicesAndHealth() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HostState state = observer.observe(target);
            assertThat(state.service("web")).singleElement().satisfies(web -> {
                assertThat(web.running()).isTrue();
                assertThat(web.health()).isEqualTo(ServiceContainer.Health.HEALTHY);
            });
        });
        HostState state = observer.observe(target);
        ServiceContainer web = state.service("web").get(0);
        assertThat(web.image()).isEqualTo(BaseImage.NAME);
        assertThat(web.name()).isEqualTo(project + "_web_1");
        assertThat(web.oneOff()).isFalse();
        assertThat(web.id()).isNotBlank();
        assertThat(state.service("worker")).singleElement().satisfies(worker -> {
            assertThat(worker.state()).isEqualTo("running");
            assertThat(worker.health()).isEqualTo(ServiceContainer.Health.NONE);
        });
    }

    @Test
    void buildSkipsServicesThatOnlyUseAnImage() {
        CommandResult build = cli.build(release, List.of("web"));
        assertThat(build.succeeded()).as("%s", build.outputTail()).isTrue();
    }

    @Test
    void exitedRunIsFoundAsItsContainer() {
        String runName = "hxa-" + project + "-kept";
        List<String> run = new ArrayList<>(binary.get());
        run.addAll(List.of("-p", project, "-f", "compose.yml", "--profile", "migrate", "run", "-T", "--name", runName,
                "--label", ComposeCommands.MIGRATION_RUN_LABEL + "=" + runName, "migrate-fail"));
        CommandResult result = runner.run(run, work, new ProcessCommandRunner.Environment(ENGINE, null, TAG, "x"));
        assertThat(result.exitCode()).as("%s", result.outputTail()).isEqualTo(3);

        // "since" after the run: only the container can tell.
        assertThat(observer.migrationRun(target, runName, Instant.now().plusSeconds(5))).isEqualTo(new MigrationRun.Exited(3));

        HostState state = observer.observe(target);
        assertThat(state.containers()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo(runName);
            assertThat(c.service()).isEqualTo("migrate-fail");
            assertThat(c.oneOff()).isTrue();
            assertThat(c.state()).isEqualTo("exited");
        });
        assertThat(state.service("migrate-fail")).isEmpty();
    }

    @Test
    void runContainerKeepsItsExitCodeUntilRemoved() {
        String ok = "hxa-" + project + "-ok";
        CommandResult okRun = cli.migrate(release, "migrate-ok", "migrate", ok);
        assertThat(okRun.exitCode()).as("%s", okRun.outputTail()).isZero();
        assertThat(okRun.outputTail()).contains("migrating " + TAG);
        String failed = "hxa-" + project + "-failed";
        CommandResult failedRun = cli.migrate(release, "migrate-fail", "migrate", failed);
        assertThat(failedRun.exitCode()).as("%s", failedRun.outputTail()).isEqualTo(3);

        // "since" after the runs: no event can answer, only the containers compose left.
        Instant later = Instant.now().plusSeconds(5);
        DockerClient docker = clients.client(ENGINE, null);
        assertThat(runContainers(docker, ok)).singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("exited"));
        assertThat(observer.migrationRun(target, ok, later)).isEqualTo(new MigrationRun.Exited(0));
        assertThat(observer.migrationRun(target, failed, later)).isEqualTo(new MigrationRun.Exited(3));

        observer.removeMigrationRun(target, failed);
        assertThat(runContainers(docker, failed)).isEmpty();
        assertThat(runContainers(docker, ok)).hasSize(1);
        assertThat(observer.migrationRun(target, failed, later)).isEqualTo(new MigrationRun.Absent());
        observer.removeMigrationRun(target, failed); // gone already: nothing to do
        observer.removeMigrationRun(target, ok);
        assertThat(runContainers(docker, ok)).isEmpty();
    }

    @Test
    void runRemovedBySomeoneElseIsFoundThroughItsDieEvent() {
        Instant since = Instant.now();
        String runName = "hxa-" + project + "-pruned";
        CommandResult result = cli.migrate(release, "migrate-fail", "migrate", runName);
        assertThat(result.exitCode()).as("%s", result.outputTail()).isEqualTo(3);
        DockerClient docker = clients.client(ENGINE, null);
        runContainers(docker, runName).forEach(c -> docker.removeContainerCmd(c.getId()).exec());

        assertThat(observer.migrationRun(target, runName, since)).isEqualTo(new MigrationRun.Exited(3));
    }

    @Test
    void runCreatedButNeverStartedIsCreatedThenRemoved() {
        String runName = "hxa-" + project + "-created";
        DockerClient docker = clients.client(ENGINE, null);
        // What compose leaves when the engine fails between create and start.
        docker.createContainerCmd(BaseImage.NAME).withName(runName).withCmd("true")
                .withLabels(Map.of(DockerHostObserver.PROJECT_LABEL, project, ComposeCommands.MIGRATION_RUN_LABEL, runName))
                .exec();

        assertThat(observer.migrationRun(target, runName, Instant.now().minusSeconds(60))).isEqualTo(new MigrationRun.Created());
        observer.removeMigrationRun(target, runName);
        assertThat(runContainers(docker, runName)).isEmpty();
        assertThat(observer.migrationRun(target, runName, Instant.now().minusSeconds(60))).isEqualTo(new MigrationRun.Absent());
    }

    @Test
    void exitedRunsOtherThanTheCurrentOneAreRemoved() throws Exception {
        String old = "hxa-" + project + "-old";
        String current = "hxa-" + project + "-current";
        String slow = "hxa-" + project + "-going";
        assertThat(cli.migrate(release, "migrate-ok", "migrate", old).exitCode()).isZero();
        assertThat(cli.migrate(release, "migrate-ok", "migrate", current).exitCode()).isZero();
        CompletableFuture<CommandResult> going = CompletableFuture.supplyAsync(() -> cli.migrate(release, "migrate-slow", "migrate", slow));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> observer.migrationRun(target, slow, Instant.now().minusSeconds(60)), r -> r instanceof MigrationRun.Running);

        observer.removeExitedMigrationRuns(target, current);

        DockerClient docker = clients.client(ENGINE, null);
        assertThat(runContainers(docker, old)).isEmpty();
        assertThat(runContainers(docker, current)).hasSize(1);
        assertThat(runContainers(docker, slow)).singleElement().satisfies(c -> assertThat(c.getState()).isEqualTo("running"));
        assertThatThrownBy(() -> observer.removeMigrationRun(target, slow)).isInstanceOf(HostUnavailableException.class);
        assertThat(going.get(60, TimeUnit.SECONDS).exitCode()).isEqualTo(5);
        assertThat(observer.migrationRun(target, slow, Instant.now().plusSeconds(5))).isEqualTo(new MigrationRun.Exited(5));
        assertThat(observer.observe(target).service("web")).isNotEmpty();
    }

    @Test
    void runInProgressIsRunningThenExited() throws Exception {
        Instant since = Instant.now();
        String runName = "hxa-" + project + "-slow";
        CompletableFuture<CommandResult> run = CompletableFuture.supplyAsync(() -> cli.migrate(release, "migrate-slow", "migrate", runName));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> observer.migrationRun(target, runName, since), r -> r instanceof MigrationRun.Running);
        CommandResult result = run.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).as("%s", result.outputTail()).isEqualTo(5);
        assertThat(observer.migrationRun(target, runName, since)).isEqualTo(new MigrationRun.Exited(5));
    }

    @Test
    void unknownRunIsAbsent() {
        assertThat(observer.migrationRun(target, "hxa-" + project + "-never", Instant.now().minusSeconds(600)))
                .isEqualTo(new MigrationRun.Absent());
    }

    @Test
    void unreachableEngineIsHostUnavailable() {
        ComposeTarget nowhere = new ComposeTarget("unix:///nonexistent/hxa-docker.sock", null, project, List.of("compose.yml"));
        assertThatThrownBy(() -> observer.observe(nowhere))
                .isInstanceOf(HostUnavailableException.class)
                .hasMessageContaining("unix:///nonexistent/hxa-docker.sock");
        assertThatThrownBy(() -> observer.migrationRun(nowhere, "hxa-x", Instant.now()))
                .isInstanceOf(HostUnavailableException.class);
    }

    private static List<Container> runContainers(DockerClient docker, String runName) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ComposeCommands.MIGRATION_RUN_LABEL, runName)).exec();
    }

    private static List<Container> projectContainers(DockerClient docker) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(DockerHostObserver.PROJECT_LABEL, project)).exec();
    }

    // Long-running services stop within a second (their PID 1 ignores SIGTERM); everything binds
    // 127.0.0.1 on the host network.
    private static String composeFile(String image, int port) {
        return """
                services:
                  web:
                    image: %1$s
                    network_mode: host
                    stop_grace_period: 1s
                    command: ["sh", "-c", "mkdir -p /tmp/www && echo ok > /tmp/www/index.html && exec httpd -f -p 127.0.0.1:%2$d -h /tmp/www"]
                    healthcheck:
                      test: ["CMD-SHELL", "wget -q -O- http://127.0.0.1:%2$d/ > /dev/null"]
                      interval: 1s
                      timeout: 2s
                      retries: 3
                  worker:
                    image: %1$s
                    network_mode: host
                    stop_grace_period: 1s
                    command: ["sleep", "3600"]
                  migrate-ok:
                    image: %1$s
                    network_mode: host
                    profiles: ["migrate"]
                    environment:
                      RELEASE: "${HORADUS_TAG}"
                    command: ["sh", "-c", "echo migrating $$RELEASE; exit 0"]
                  migrate-fail:
                    image: %1$s
                    network_mode: host
                    profiles: ["migrate"]
                    command: ["sh", "-c", "echo failing; exit 3"]
                  migrate-slow:
                    image: %1$s
                    network_mode: host
                    profiles: ["migrate"]
                    stop_grace_period: 1s
                    command: ["sh", "-c", "sleep 3; exit 5"]
                """.formatted(image, port);
    }
}

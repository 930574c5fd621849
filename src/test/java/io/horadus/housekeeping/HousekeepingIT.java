package io.horadus.housekeeping;

import com.github.dockerjava.api.DockerClient;
import io.horadus.api.GoodRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ImageSnapshot;
import io.horadus.api.Phase;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.TargetSpec;
import io.horadus.compose.ComposeBinary;
import io.horadus.compose.ComposeCli;
import io.horadus.compose.DockerClients;
import io.horadus.compose.DockerGates;
import io.horadus.compose.DockerLeftovers;
import io.horadus.compose.ProcessCommandRunner;
import io.horadus.compose.TlsMaterialStore;
import io.horadus.demo.BaseImage;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GateRun;
import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.ReleaseWorktree;
import io.horadus.release.port.SourceRequest;
import io.horadus.release.port.SourceResult;
import io.horadus.source.JGitSource;
import io.horadus.testing.Commands;
import io.horadus.testing.GateRuns;
import io.horadus.testing.GitFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Housekeeping on the real Docker engine: the operator's leftovers made for real (a gate image left untagged
 * by a second build, the work area of a deleted release, snapshot names beyond keep, a gate still running
 * after its release was deleted) next to what must survive (a person's container and untagged image, the
 * live release's snapshots, work area and running gate), swept; then what is left on the host is asserted.
 * Everything made here carries a nonce, and only that is removed afterwards.
 */
class HousekeepingIT {

    static final String ENGINE = "unix:///var/run/docker.sock";
    static final String NONCE = "hk" + UUID.randomUUID().toString().substring(0, 8);
    static final String LIVE = NONCE + "/live";
    static final String GONE = NONCE + "/gone";
    static final String GATE_TAG = "horadus-gate/" + NONCE + ":final-0123456789ab";
    static final String PERSON_IMAGE = NONCE + "-person:1";
    static final String PERSON_CONTAINER = NONCE + "-person";
    static final String API = NONCE + "-api";
    static final String PERSON_SNAPSHOT = NONCE + "-mine:horadus-v1.0.0";

    static Path work;
    static DockerClients clients;
    static DockerClients builders;
    static DockerGates gates;
    static DockerClient docker;
    static JGitSource source;
    static ComposeTarget target;
    static GitFixture git;
    static final List<String> gateRuns = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        BaseImage.ensure();
        work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "hk-");
        var tls = new TlsMaterialStore(work.resolve("tls"));
        clients = new DockerClients(tls, Duration.ofSeconds(5), Duration.ofSeconds(30));
        builders = new DockerClients(tls, Duration.ofSeconds(5), Duration.ofMinutes(2));
        gates = new DockerGates(clients, builders, Duration.ofMinutes(2), work);
        docker = clients.client(ENGINE, null);
        source = new JGitSource(work.resolve("git"));
        target = new ComposeTarget(ENGINE, null, NONCE, List.of("compose.yml"));
        git = GitFixture.create(work.resolve("repo"));
    }

    @AfterAll
    static void tearDown() throws IOException {
        for (var run : gateRuns) {
            Commands.run(List.of("docker", "rm", "-f", run));
        }
        Commands.run(List.of("docker", "rm", "-f", PERSON_CONTAINER));
        for (var id : Commands.run(List.of("docker", "ps", "-aq", "--filter", "label=hk-probe=" + NONCE)).output().split("\\s+")) {
            if (!id.isBlank()) {
                Commands.run(List.of("docker", "rm", "-f", id));
            }
        }
        var images = new ArrayList<String>();
        for (var filter : List.of("label=" + GateImage.LABEL + "=" + GATE_TAG, "label=hk-probe=" + NONCE, "label=hk-person=" + NONCE)) {
            for (var id : Commands.run(List.of("docker", "images", "-aq", "--filter", filter)).output().split("\\s+")) {
                if (!id.isBlank()) {
                    images.add(id);
                }
            }
        }
        for (var name : List.of(GATE_TAG, PERSON_IMAGE, PERSON_SNAPSHOT, API + ":latest", API + ":horadus-v1.0.0", API + ":horadus-v1.1.0",
                API + ":horadus-v1.2.0", API + ":horadus-v1.3.0", NONCE + "-app:latest")) {
            Commands.run(List.of("docker", "rmi", name));
        }
        for (var id : images.stream().distinct().toList()) {
            Commands.run(List.of("docker", "rmi", "-f", id));
        }
        clients.close();
        builders.close();
        git.close();
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    @DisplayName("a dry run removes nothing; the sweep then removes the operator's leftovers and nothing of a person's or of the live release")
    void sweepsOnlyTheOperatorsLeftovers() throws IOException {
        // A gate image built twice from a changed Dockerfile: the first build's image is left untagged.
        Path checkout = Files.createDirectories(work.resolve("checkout"));
        String firstGateImage = gateBuild(checkout, "first");
        gateBuild(checkout, "second");
        assertThat(tags(firstGateImage)).isEmpty();
        // A person's image left untagged the same way, without the operator's label.
        String personsUntagged = personBuild("first");
        personBuild("second");
        assertThat(tags(personsUntagged)).isEmpty();
        // A gate still running after its release was deleted, the live release's running gate, a person's container.
        String goneGate = startGate(GONE);
        String liveGate = startGate(LIVE);
        run("docker", "run", "-d", "--name", PERSON_CONTAINER, BaseImage.NAME, "sleep", "300");
        // Snapshot names: the live release keeps v1.3.0 and v1.2.0 (keep 2); v1.1.0 and v1.0.0 are beyond.
        for (var name : List.of(API + ":latest", API + ":horadus-v1.0.0", API + ":horadus-v1.1.0", API + ":horadus-v1.2.0",
                API + ":horadus-v1.3.0", PERSON_SNAPSHOT)) {
            run("docker", "tag", BaseImage.NAME, name);
        }
        // Work areas of the live release and of the deleted one, made by the engine's own resolve.
        git.commit(Map.of("compose.yml", "services: {}\n"), "first");
        git.annotatedTag("v1.0.0", "v1.0.0");
        Path liveTree = resolve(LIVE);
        resolve(GONE);
        assertThat(workAreas()).containsExactlyInAnyOrder(source.nameOf(LIVE), source.nameOf(GONE));
        var live = liveRelease();

        var dryRun = housekeeping(true).sweep(() -> List.of(live));

        assertThat(dryRun.removed().get(Kind.GateContainer)).containsExactly(goneGate + " (" + GONE + ", running)");
        assertThat(dryRun.removed().get(Kind.Snapshot)).containsExactlyInAnyOrder(API + ":horadus-v1.0.0", API + ":horadus-v1.1.0");
        assertThat(dryRun.removed().get(Kind.WorkArea)).containsExactly(source.nameOf(GONE));
        assertThat(dryRun.removed().get(Kind.GateImage)).contains(GateImageSweep.shortId(firstGateImage));
        assertThat(running(goneGate)).isTrue();
        assertThat(imageExists(firstGateImage)).isTrue();
        assertThat(imageExists(API + ":horadus-v1.0.0")).isTrue();
        assertThat(workAreas()).hasSize(2);

        var report = housekeeping(false).sweep(() -> List.of(live));

        assertThat(report.succeeded()).as(report.problems().toString()).isTrue();
        assertThat(exists(goneGate)).isFalse();
        assertThat(running(liveGate)).isTrue();
        assertThat(running(PERSON_CONTAINER)).isTrue();
        assertThat(imageExists(firstGateImage)).isFalse();
        assertThat(imageExists(GATE_TAG)).isTrue();
        assertThat(imageExists(personsUntagged)).isTrue();
        assertThat(imageExists(API + ":horadus-v1.0.0")).isFalse();
        assertThat(imageExists(API + ":horadus-v1.1.0")).isFalse();
        assertThat(imageExists(API + ":horadus-v1.2.0")).isTrue();
        assertThat(imageExists(API + ":horadus-v1.3.0")).isTrue();
        assertThat(imageExists(API + ":latest")).isTrue();
        assertThat(imageExists(PERSON_SNAPSHOT)).isTrue();
        assertThat(imageExists(BaseImage.NAME)).isTrue();
        assertThat(workAreas()).containsExactly(source.nameOf(LIVE));
        assertThat(liveTree.resolve("compose.yml")).exists();
    }

    @Test
    @DisplayName("a release build whose RUN fails leaves no exited intermediate container (compose build --force-rm); without the flag it would")
    void failedBuildLeavesNothing() throws IOException {
        Path project = Files.createDirectories(work.resolve("build"));
        Files.writeString(project.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\nLABEL hk-probe=" + NONCE + "\nRUN echo breaking && exit 3\n");
        Files.writeString(project.resolve("compose.yml"), "services:\n  app:\n    build: .\n    image: " + NONCE + "-app:latest\n");
        var probe = new ProcessCommandRunner(Duration.ofSeconds(10));
        var binary = new ComposeBinary(Optional.empty(), probe);
        var compose = new ComposeCli(binary, new ProcessCommandRunner(Duration.ofMinutes(2)), new TlsMaterialStore(work.resolve("tls")), clients);

        var result = compose.build(new ReleaseWorktree(new ComposeTarget(ENGINE, null, NONCE, List.of("compose.yml")), "v1", "0".repeat(40), project),
                List.of("app"));

        assertThat(result.succeeded()).isFalse();
        assertThat(String.join("\n", result.outputTail())).contains("breaking");
        assertThat(leftovers()).isEmpty();

        // The control: the same build without --force-rm leaves one (under BuildKit it would not: no intermediate containers).
        var argv = new ArrayList<>(binary.get());
        argv.addAll(List.of("-p", NONCE, "-f", "compose.yml", "build", "app"));
        var plain = Commands.run(project, Map.of("DOCKER_BUILDKIT", "0", "COMPOSE_DOCKER_CLI_BUILD", "0"), argv, Duration.ofMinutes(2));
        assertThat(plain.succeeded()).isFalse();
        assertThat(leftovers()).hasSize(1);
    }

    // --- making the leftovers ---

    Housekeeping housekeeping(boolean dryRun) {
        return new Housekeeping(new DockerLeftovers(clients), source, Clock.systemUTC(), new Housekeeping.Settings(dryRun, Duration.ZERO));
    }

    /** Runs a gate whose image is built from the checkout's Dockerfile; returns the image's ID. */
    String gateBuild(Path checkout, String content) throws IOException {
        Files.writeString(checkout.resolve("Dockerfile.gate"), "FROM " + BaseImage.NAME + "\nRUN echo " + NONCE + "-" + content + " > /built\n");
        var runName = NONCE + "-gate-build-" + content;
        gateRuns.add(runName);
        var run = new GateRun(target, runName, new GateImage.Built("Dockerfile.gate", Optional.empty(), GATE_TAG), checkout, "/src",
                List.of("cat", "/built"), Map.of(), Optional.empty(), LIVE);
        var result = GateRuns.toEnd(gates, run, Duration.ofMinutes(2));
        assertThat(result).isInstanceOf(GateResult.Exited.class);
        return docker.inspectImageCmd(GATE_TAG).exec().getId();
    }

    /** A person's `docker build -t` of an image, no label of the operator's; returns the image's ID. */
    String personBuild(String content) throws IOException {
        Path dir = Files.createDirectories(work.resolve("person-" + content));
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + BaseImage.NAME + "\nLABEL hk-person=" + NONCE + "\nRUN echo " + content + " > /mine\n");
        run("docker", "build", "-q", "-t", PERSON_IMAGE, dir.toString());
        return docker.inspectImageCmd(PERSON_IMAGE).exec().getId();
    }

    /** Starts a gate that runs on (sleep) for {@code release}; returns its container's name. */
    String startGate(String release) throws IOException {
        var runName = NONCE + "-gate-" + release.substring(release.indexOf('/') + 1);
        gateRuns.add(runName);
        Path checkout = Files.createDirectories(work.resolve("checkout-" + runName));
        var notRun = gates.start(new GateRun(target, runName, new GateImage.Declared(BaseImage.NAME), checkout, "/src",
                List.of("sleep", "300"), Map.of(), Optional.empty(), release));
        assertThat(notRun).isEmpty();
        return runName;
    }

    Path resolve(String key) {
        var request = new SourceRequest(key, git.url(), "main", GitCredentials.NONE, "v1.0.0", Optional.empty());
        var resolved = (SourceResult.Resolved) source.resolve(request);
        return source.worktree(request, resolved.commit());
    }

    /** The live release as its status tells it: Ready at v1.3.0, good releases v1.3.0 and v1.2.0 and v1.1.0, keep 2. */
    static LiveRelease liveRelease() {
        var spec = new HoradusReleaseSpec();
        var targetSpec = new TargetSpec();
        targetSpec.setDockerHost(ENGINE);
        targetSpec.setProject(NONCE);
        spec.setTarget(targetSpec);
        spec.getRollback().setKeep(2);
        var status = new HoradusReleaseStatus();
        status.setPhase(Phase.Ready);
        var progress = new ReleaseProgress();
        progress.setTag("v1.3.0");
        progress.setImages(List.of(snapshot("v1.3.0")));
        status.setRelease(progress);
        for (var tag : List.of("v1.3.0", "v1.2.0", "v1.1.0")) {
            var good = new GoodRelease();
            good.setTag(tag);
            good.setImages(List.of(snapshot(tag)));
            status.getGoodReleases().add(good);
        }
        return LiveRelease.of(LIVE, spec, status, null);
    }

    static ImageSnapshot snapshot(String tag) {
        var snapshot = new ImageSnapshot();
        snapshot.setService("api");
        snapshot.setImage(API + ":latest");
        snapshot.setSnapshot(API + ":horadus-" + tag);
        return snapshot;
    }

    // --- what is on the host ---

    List<String> workAreas() throws IOException {
        try (Stream<Path> dirs = Files.list(work.resolve("git"))) {
            return dirs.map(p -> p.getFileName().toString()).toList();
        }
    }

    static List<String> leftovers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("hk-probe", NONCE)).exec().stream()
                .map(c -> c.getId()).toList();
    }

    static boolean exists(String container) {
        return !docker.listContainersCmd().withShowAll(true).withNameFilter(List.of("^/" + container + "$")).exec().isEmpty();
    }

    static boolean running(String container) {
        return !docker.listContainersCmd().withNameFilter(List.of("^/" + container + "$")).exec().isEmpty();
    }

    static boolean imageExists(String reference) {
        return Commands.run(List.of("docker", "image", "inspect", reference)).succeeded();
    }

    static List<String> tags(String imageId) {
        var tags = docker.inspectImageCmd(imageId).exec().getRepoTags();
        return tags == null ? List.of() : tags;
    }

    static void run(String... argv) {
        var output = Commands.run(List.of(argv));
        assertThat(output.succeeded()).as(output.toString()).isTrue();
    }
}

package io.horadus.image;

import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.it.HostProbe;
import io.horadus.it.Releases;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.MigrationLog;
import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator image, built offline by image/build-debian.sh and run as the Deployment runs it
 * (read-only root filesystem, non-root user with the socket's group, no capabilities, the manifest's
 * memory limit), releases the sample app onto the host's engine through the mounted socket, driven
 * through Kubernetes v1.36's real CRD server (no core API: the operator's Events are refused).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorImageIT {

    private static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(4);
    private Path scratch;
    private OperatorImage.Built image;
    private DeploymentManifest manifest;
    private RealApiServer apiServer;
    private Releases releases;
    private GitFixture git;
    private OperatorContainer operator;
    private String project;
    private int apiPort;

    @BeforeAll
    void buildAndStart() throws Exception {
        scratch = Files.createDirectories(Path.of("target", "it", "OperatorImageIT-" + shortId())).toAbsolutePath();
        image = OperatorImage.build(scratch.resolve("build-debian.log"));
        manifest = DeploymentManifest.read();
        BaseImage.ensure();
        project = "himg" + shortId();
        apiPort = LoopbackPorts.free();
        var gitDir = Files.createDirectories(scratch.resolve("git"));
        git = GitFixture.create(gitDir);
        for (var version : List.of("v1.0.0", "v1.1.0")) {
            git.commit(SampleApp.files(SampleApp.Variant.ok(version, apiPort)), "Horadus " + version);
            git.annotatedTag(version, "Release " + version + "\n\nNotes for " + version + ".");
        }
        apiServer = RealApiServer.start(RealApiServer.Kind.CRD_V1_36, scratch.resolve("kube-real"));
        apiServer.installCrd();
        releases = new Releases(apiServer.adminClient());
        var kubeconfig = ContainerKubeconfig.write(apiServer.kubeconfig(), scratch.resolve("operator-kubeconfig"),
                manifest.runAsUser(), manifest.runAsGroup());
        var settings = new OperatorContainer.Settings(manifest, kubeconfig, List.of(gitDir), scratch.resolve("emptydirs"),
                LoopbackPorts.free());
        operator = OperatorContainer.start(settings, scratch.resolve("operator.log"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (operator != null) {
                operator.close();
            }
            if (apiServer != null) {
                apiServer.close();
            }
            if (git != null) {
                git.close();
            }
        } finally {
            HostProbe.cleanUp(project, apiPort);
        }
    }

    @Test
    @DisplayName("the manifest's image, run as the Deployment runs it, installs v1.0.0 and upgrades to v1.1.0: Ready, and the host serves it")
    void releasesFromTheContainer() {
        assertThat(manifest.image()).isEqualTo(image.image());
        assertThat(Commands.run(List.of("docker", "image", "inspect", "-f", "{{.Config.User}}", image.image())).output().strip())
                .as("the image's own user, also without the manifest")
                .isEqualTo(manifest.runAsUser() + ":" + manifest.runAsGroup());
        assertThat(operator.exec("touch", "/opt/horadus/written").output()).contains("Read-only file system");
        var writable = operator.exec("touch", "/tmp/written", "/var/lib/horadus-operator/written");
        assertThat(writable.succeeded()).as(writable.toString()).isTrue();

        var v100 = SampleApp.Variant.ok("v1.0.0", apiPort);
        releases.create("from-image", "v1.0.0", git.url(), project, v100);
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("from-image", "v1.0.0"));
        assertThat(HostProbe.get(v100.healthUrl())).isEqualTo("ok v1.0.0");

        releases.setTag("from-image", "v1.1.0");
        await().atMost(RELEASE_TIMEOUT).until(() -> releases.readyAt("from-image", "v1.1.0"));
        var v110 = SampleApp.Variant.ok("v1.1.0", apiPort);
        assertThat(HostProbe.get(v110.healthUrl())).isEqualTo("ok v1.1.0");
        assertThat(HostProbe.running(project)).containsExactly(
                "api " + v110.apiImage("v1.1.0"), "beat " + v110.workerImage("v1.1.0"), "worker " + v110.workerImage("v1.1.0"));
        assertThat(MigrationLog.runs(project)).hasSize(2);
        // This server has no core API: every Event was refused, and the releases went on regardless.
        assertThat(operator.logs()).contains("could not record event");

        System.out.printf("BENCHMARK image %s: %d MB, build-debian.sh took %d s; operator JVM RSS %d MiB, container memory %s after two releases%n",
                image.image(), image.sizeBytes() / 1_000_000, image.took().toSeconds(), operator.javaRssKib() / 1024,
                operator.memoryUsage());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.horadus.it;

import io.horadus.testing.BaseImage;
import io.horadus.testing.GitFixture;
import io.horadus.testing.LoopbackPorts;
import io.horadus.testing.SampleApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Shared set-up of the operator integration tests: the mock cluster, the packaged operator in its own
 * JVM, the local base image, and per test a git repository, an API port and a compose project of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperatorHarness {

    protected MockCluster cluster;
    protected OperatorProcess operator;
    protected Releases releases;
    protected Path scratch;
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    void startOperator() throws Exception {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", getClass().getSimpleName() + "-" + shortId())).toAbsolutePath();
        cluster = new MockCluster();
        releases = new Releases(cluster.client());
        operator = new OperatorProcess(cluster.url(), scratch.resolve("operator-work"), scratch.resolve("logs")).start();
    }

    /** The host is cleaned whatever happened before: a failed test or shutdown must not leave apps running. */
    @AfterAll
    void stopOperator() throws Exception {
        try {
            if (operator != null) {
                operator.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            for (var cleanup : cleanups) {
                try {
                    cleanup.run();
                } catch (RuntimeException e) {
                    System.err.println("host clean-up failed: " + e);
                }
            }
        }
    }

    /** A git repository with the sample app committed and annotated-tagged at each given version. */
    protected GitFixture repositoryWith(SampleApp.Variant... versions) throws Exception {
        var git = GitFixture.create(Files.createDirectories(scratch.resolve("git-" + shortId())));
        for (var version : versions) {
            tag(git, version);
        }
        return git;
    }

    protected static void tag(GitFixture git, SampleApp.Variant version) {
        git.commit(SampleApp.files(version), "Horadus " + version.version());
        git.annotatedTag(version.version(), "Release " + version.version() + "\n\nNotes for " + version.version());
    }

    /** A compose project name and API port of the test's own; the host is cleaned of both afterwards. */
    protected App app() {
        var app = new App("hit" + shortId(), LoopbackPorts.free());
        cleanups.add(() -> HostProbe.cleanUp(app.project(), app.port()));
        return app;
    }

    protected record App(String project, int port) {
        SampleApp.Variant ok(String version) {
            return SampleApp.Variant.ok(version, port);
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

package io.horadus.it;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleApp;
import io.horadus.testing.GitFixture;
import io.horadus.testing.LoopbackPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Shared set-up of the operator integration tests: the mock cluster, the packaged operator in its own
 * JVM, the local base image, and per test a git repository, an API port and a compose project of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OperatorHarness {

    protected Cluster cluster;
    protected OperatorProcess operator;
    protected Releases releases;
    protected Path scratch;
    private final java.util.Set<Integer> appPorts = new java.util.HashSet<>();
    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    void startOperator() throws Exception {
        BaseImage.ensure();
        scratch = Files.createDirectories(Path.of("target", "it", getClass().getSimpleName() + "-" + shortId())).toAbsolutePath();
        cluster = startCluster(scratch.resolve("cluster"));
        releases = new Releases(cluster.client());
        // One identity across restarts: a restarted operator takes its Lease back at once instead of waiting for it to expire.
        operator = new OperatorProcess(cluster.operatorAccess(), scratch.resolve("operator-work"), scratch.resolve("logs"),
                settings(), extraJvmFlags()).start();
    }

    /** The Fabric8 mock API server: quick, validates nothing, records the operator's calls. Tests of what a real cluster judges override this. */
    protected Cluster startCluster(Path directory) throws Exception {
        return new MockCluster();
    }

    /** Configuration the test gives the operator on top of its defaults. */
    protected Map<String, String> settings() {
        return Map.of("horadus.leader-election.identity", getClass().getSimpleName());
    }

    /** JVM flags a test adds to the production ones of image/jvm.options (diagnostics only). */
    protected List<String> extraJvmFlags() {
        return List.of();
    }

    /**
     * The host is cleaned whatever happened before: a failed test or shutdown must not leave apps running.
     * Then every call the operator made must be one the RBAC manifests grant.
     */
    @AfterAll
    void stopOperator() throws Exception {
        List<ApiCall> unlisted = List.of();
        try {
            if (operator != null) {
                operator.close();
            }
            if (cluster instanceof MockCluster mock) {
                unlisted = mock.unlistedOperatorCalls();
                Files.write(scratch.resolve("operator-calls-seen.txt"), mock.operatorCalls().stream().map(ApiCall::toString).toList());
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
        if (!unlisted.isEmpty()) {
            throw new AssertionError("the operator made calls that " + OperatorCalls.FILE + " does not list, so manifests/base/rbac.yaml"
                    + " does not grant them and the operator would get 403 in a cluster:\n  "
                    + String.join("\n  ", unlisted.stream().map(ApiCall::toString).toList())
                    + "\nAdd them to the list and to manifests/base/rbac.yaml (OperatorRbacIT checks both agree), or stop making them.");
        }
    }

    /** Creates or replaces a Secret in the releases' namespace, as {@code kubectl create secret generic --from-literal} does. */
    protected void secret(String name, Map<String, String> data) {
        cluster.client().secrets().inNamespace(Releases.NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withStringData(data)
                .build()).createOr(NonDeletingOperation::update);
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
        // A port is free when picked, not yet bound: apps created before any starts must not share one.
        var port = LoopbackPorts.free();
        while (!appPorts.add(port)) {
            port = LoopbackPorts.free();
        }
        var app = new App("hit" + shortId(), port);
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

package io.horadus.cli;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.demo.BaseImage;
import io.horadus.demo.SampleProject;
import io.horadus.local.ReleaseKey;
import io.horadus.local.StateDirectory;
import io.horadus.local.StoredRelease;
import io.horadus.manifest.Manifests;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * {@code horadus demo}: the product's main job on this machine, with nothing but a Docker engine and
 * compose. It makes a Horadus-shaped sample repository (api, worker, beat, a migration in the ops
 * profile; tags v1.0.0 and v1.1.0 good, v1.2.0 breaking after it is released), imports its base image
 * from busybox-static, and releases the three tags one after the other through the same engine and the
 * same worker as {@code horadus agent}: the third is rolled back on its own to the second, from its kept
 * images. It prints the table after each, the history at the end, and how to remove what it made.
 */
@Command(name = "demo", description = "Release a sample Horadus-shaped app three times on the local Docker engine; the third breaks and is rolled back on its own.")
final class DemoCommand implements Callable<Integer> {

    static final String NAME = "horadus-demo";
    private static final List<String> TAGS = List.of("v1.0.0", "v1.1.0", "v1.2.0");
    private static final Duration STEP_TIMEOUT = Duration.ofMinutes(10);

    @ParentCommand
    HoradusCommand root;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its state and sample repository (default: $XDG_STATE_HOME/horadus-demo, else ~/.local/state/horadus-demo).")
    Path dir;

    @Option(names = "--remove", description = "Remove everything an earlier demo made (containers, volumes, images, DIR) and exit.")
    boolean remove;

    @Override
    public Integer call() throws Exception {
        var console = root.console();
        var home = dir != null ? dir.toAbsolutePath() : defaultDir(console);
        var cleanup = new DemoCleanup(NAME, home, console);
        if (remove) {
            cleanup.run();
            return ExitCode.READY.code;
        }
        if (Files.exists(home)) {
            throw new Refusal("an earlier demo is in " + home + ": remove it first with `horadus demo --remove" + (dir == null ? "" : " --dir " + home) + "`");
        }
        var err = console.err();
        if (!BaseImage.present()) {
            // Only what the demo made is removed by demo --remove: a base image that was there before stays.
            Files.createDirectories(home);
            Files.writeString(home.resolve(DemoCleanup.IMPORTED_BASE_IMAGE), BaseImage.NAME + "\n");
        }
        err.println("► base image " + BaseImage.ensure() + " (imported from the host's static busybox; nothing is pulled)");
        var project = SampleProject.create(home.resolve("sample"), freeLoopbackPort());
        err.println("✔ sample repository " + project.directory() + ": tags " + String.join(", ", TAGS) + " (v1.2.0's health breaks "
                + project.breaksAfterSeconds() + " s after it starts)");
        var directory = new StateDirectory(home.resolve("state"));
        var key = ReleaseKey.of(ReleaseKey.DEFAULT_NAMESPACE, NAME);
        var manifests = Manifests.fromClasspath();
        var manifestFile = home.resolve("release.yaml");
        var approvals = new io.horadus.local.FileApprovals(directory.approvals(), console.clock(), java.util.Optional.of(directory.root()));
        try (var engine = new LocalEngine(directory, approvals, console.env(), console.clock())) {
            var lock = directory.lock(key, "demo");
            var first = parse(manifests, project.manifest(NAME, TAGS.get(0)).yaml(), manifestFile);
            directory.write(StoredRelease.create(key, first.getSpec(), console.clock().instant()));
            var worker = new ReleaseWorker(directory, lock, engine, console, root.stop(), alone -> {
                // One release, promoted from none and to none.
            });
            engine.rounds().onChange(changed -> worker.wake());
            var thread = new Thread(worker, "horadus-demo");
            thread.start();
            try {
                for (var tag : TAGS) {
                    var release = parse(manifests, project.manifest(NAME, tag).yaml(), manifestFile);
                    err.println();
                    err.println("═══ " + tag + ": " + project.release(tag).summary() + " (the manifest: " + manifestFile + ")");
                    worker.offer(release.getSpec(), release.getMetadata().getAnnotations());
                    var last = tag.equals(TAGS.get(TAGS.size() - 1));
                    // A good tag is watched until it becomes the last good one (verify.watchSeconds), so the next can roll back to it.
                    Predicate<HoradusReleaseStatus> rest = last
                            ? s -> s.getPhase() == Phase.RolledBack && TAGS.get(1).equals(s.getCurrentTag())
                            : s -> tag.equals(s.getLastGoodTag()) && tag.equals(s.getCurrentTag());
                    var status = await(directory, key, rest, tag);
                    if (status == null) {
                        return ExitCode.TIMED_OUT.code;
                    }
                    console.out().println();
                    ReleaseViews.list(List.of(directory.read(key).orElseThrow().release()), false, console.clock().instant()).print(console.out());
                }
            } finally {
                worker.close();
                thread.join();
            }
        }
        var answer = health(project.healthUrl());
        console.out().println();
        ReleaseViews.history(directory.read(key).orElseThrow().release()).print(console.out());
        err.println();
        err.println("✔ " + project.healthUrl() + " answers: " + answer);
        err.println("The state is in " + directory.root() + ", the sample repository in " + project.directory() + ".");
        err.println("Look again:   horadus get --state " + directory.root() + "; horadus describe " + NAME + " --state " + directory.root());
        err.println("Remove all:   horadus demo --remove" + (dir == null ? "" : " --dir " + home));
        return TAGS.get(1).equals(answer.replace("ok ", "").strip()) ? ExitCode.READY.code : ExitCode.FAILED.code;
    }

    private io.horadus.api.HoradusRelease parse(Manifests manifests, String yaml, Path file) {
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return manifests.parse(yaml, file.toString()).get(0);
    }

    /** Polls the state file until the release comes to {@code rest}; null on a stop or after STEP_TIMEOUT. */
    private HoradusReleaseStatus await(StateDirectory directory, ReleaseKey key, Predicate<HoradusReleaseStatus> rest, String tag) {
        var deadline = root.console().clock().instant().plus(STEP_TIMEOUT);
        while (root.console().clock().instant().isBefore(deadline)) {
            var status = directory.read(key).map(StoredRelease::status).orElseThrow();
            if (rest.test(status)) {
                return status;
            }
            if (status.getPhase() == Phase.Failed) {
                throw new Refusal("the demo's release of " + tag + " failed: see `horadus describe " + NAME + " --state " + directory.root() + "`");
            }
            if (!root.stop().sleep(Duration.ofMillis(500))) {
                return null;
            }
        }
        root.console().err().println("✗ " + tag + " did not come to rest within " + Durations.show(STEP_TIMEOUT));
        return null;
    }

    private static String health(String url) throws IOException, InterruptedException {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body().strip() : "HTTP " + response.statusCode();
    }

    private static int freeLoopbackPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Path defaultDir(Console console) {
        var xdg = console.env().get("XDG_STATE_HOME");
        var base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve(NAME);
    }
}

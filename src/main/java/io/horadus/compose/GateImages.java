package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The image a gate runs: a declared one must already be on the host (never pulled: no registry is
 * reachable from a release's host, and a pull would hang the gate), a built one is built on the host
 * from the checkout and tagged, so the next build of the same Dockerfile reuses its layers.
 *
 * <p>A build streams the builder's progress on one response; a step that prints nothing for longer
 * than the client's response timeout (a quiet {@code RUN}) would end that response with a read
 * timeout, so builds go through a client whose response timeout is as long as a build may be silent,
 * and the build as a whole is bounded by {@code buildTimeout}.
 */
final class GateImages {

    private final Duration buildTimeout;
    private final Path tempDir;

    GateImages(Duration buildTimeout, Path tempDir) {
        this.buildTimeout = buildTimeout;
        this.tempDir = tempDir;
    }

    /** Checks that a declared image is on the host. */
    void requireDeclared(DockerClient docker, GateImage.Declared declared, String host) throws GateNotRun {
        try {
            docker.inspectImageCmd(declared.image()).exec();
        } catch (NotFoundException e) {
            throw new GateNotRun("image " + declared.image() + " is not on the Docker host " + host
                    + ": gates never pull; build it there or use build");
        }
    }

    /** Builds the image from the checkout, as the release's own build would, and returns its tag. */
    String build(DockerClient builder, GateImage.Built built, Path checkout)
            throws GateNotRun, IOException, InterruptedException {
        String what = "Dockerfile " + built.dockerfile() + built.stage().map(s -> " (stage " + s + ")").orElse("");
        Path dockerfile = checkout.resolve(built.dockerfile()).normalize();
        if (!dockerfile.startsWith(checkout) || !Files.isRegularFile(dockerfile)) {
            throw new GateNotRun("cannot build the gate's image: " + built.dockerfile() + " is not a file of the checkout");
        }
        var progress = new Progress();
        try (CheckoutArchive context = CheckoutArchive.of(checkout, "", tempDir);
             InputStream tar = Files.newInputStream(context.file())) {
            var cmd = builder.buildImageCmd(tar)
                    .withDockerfilePath(checkout.relativize(dockerfile).toString())
                    .withTags(Set.of(built.tag()))
                    .withLabels(Map.of(GateImage.LABEL, built.tag()))
                    .withPull(false)
                    .withRemove(true)
                    .withForcerm(true);
            built.stage().ifPresent(cmd::withTarget);
            try (var callback = cmd.exec(progress)) {
                if (!callback.awaitCompletion(buildTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new GateNotRun("the build of " + what + " did not finish within " + buildTimeout, progress.tail.text());
                }
            }
        }
        if (progress.error != null) {
            throw new GateNotRun("the build of " + what + " failed: " + EngineCalls.firstLine(progress.error), progress.tail.text());
        }
        return built.tag();
    }

    /** The builder's messages: progress lines into a bounded tail, the last error kept apart. */
    private static final class Progress extends ResultCallback.Adapter<BuildResponseItem> {
        final OutputTail tail = new OutputTail(GateResult.OUTPUT_MAX);
        volatile String error;

        @Override
        public void onNext(BuildResponseItem item) {
            tail.append(item.getStream());
            if (item.isErrorIndicated()) {
                String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                        ? item.getErrorDetail().getMessage() : item.getError();
                error = message == null ? "unknown error" : message;
                tail.append(error + "\n");
            }
        }
    }
}

package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.horadus.release.GateImage;
import io.horadus.release.GateResult;
import io.horadus.release.GateRun;
import io.horadus.release.GateRunner;
import io.horadus.release.HostUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link GateRunner} on the release's Docker engine through docker-java: remove a leftover of the same
 * run, find or build the image, check the network, create the container (argv as entrypoint and
 * command, no shell), copy the checkout in through the API, start, poll until it exits or the timeout
 * kills it, keep the output's tail, remove the container whatever happened.
 *
 * <p>Every engine failure ends the gate as {@link GateResult.NotRun} naming the step: the engine fails
 * the gate closed, so nothing here throws for the host's sake. The wait polls the container's state
 * rather than blocking on {@code /wait}, so a gate silent for longer than the client's response timeout
 * is not mistaken for a broken engine.
 */
public final class DockerGates implements GateRunner {

    private static final Duration FIRST_POLL = Duration.ofMillis(10);
    private static final Duration LONGEST_POLL = Duration.ofMillis(500);
    private static final Duration LOGS_TIMEOUT = Duration.ofSeconds(30);

    private final DockerClients clients;
    private final DockerClients builders;
    private final GateImages images;
    private final Path tempDir;

    /**
     * @param clients      for short calls (inspect, create, copy, start, logs, remove)
     * @param builders     for image builds: their response timeout must be at least the longest a build
     *                     step may print nothing (see {@link GateImages})
     * @param buildTimeout the longest an image build may take
     * @param tempDir      where the checkout's tar is written while it is sent
     */
    public DockerGates(DockerClients clients, DockerClients builders, Duration buildTimeout, Path tempDir) {
        this.clients = clients;
        this.builders = builders;
        this.images = new GateImages(buildTimeout, tempDir);
        this.tempDir = tempDir;
    }

    @Override
    public GateResult run(GateRun run) {
        long started = System.nanoTime();
        var attempt = new Attempt(run);
        try {
            return attempt.run(started);
        } catch (GateNotRun e) {
            return new GateResult.NotRun(e.why(), e.output(), since(started));
        } catch (HostUnavailableException e) {
            return new GateResult.NotRun("cannot " + attempt.step + ": " + e.getMessage(), "", since(started));
        } catch (IOException e) {
            return new GateResult.NotRun("cannot " + attempt.step + ": " + EngineCalls.cause(e), "", since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new GateResult.NotRun("interrupted while trying to " + attempt.step, "", since(started));
        } catch (RuntimeException e) {
            if (!EngineCalls.isHostFailure(e)) {
                throw e;
            }
            return new GateResult.NotRun("cannot " + attempt.step + " on " + host(run) + ": " + EngineCalls.cause(e), "", since(started));
        } finally {
            attempt.removeContainer();
        }
    }

    /** One run's state: the step it is at (for messages) and the container to remove at the end. */
    private final class Attempt {
        private final GateRun run;
        private String step = "connect to the Docker engine";
        private DockerClient docker;
        private String containerId;

        Attempt(GateRun run) {
            this.run = run;
        }

        GateResult run(long started) throws GateNotRun, IOException, InterruptedException {
            if (run.command().isEmpty()) {
                throw new GateNotRun("the gate has no command");
            }
            if (!run.workingDir().startsWith("/")) {
                throw new GateNotRun("the gate's working directory must be absolute: " + run.workingDir());
            }
            docker = clients.client(run.target().dockerHost(), run.target().tls());

            step = "remove the leftover container " + run.runName();
            removeLeftover();

            step = "find the image";
            String image = image();

            if (run.network().isPresent()) {
                step = "inspect network " + run.network().get();
                requireNetwork(run.network().get());
            }

            step = "create the gate container";
            containerId = create(image);

            step = "copy the checkout into the gate container";
            copyCheckout();

            step = "start the gate container";
            docker.startContainerCmd(containerId).exec();

            // The timeout bounds the command, not the build or the copy before it.
            long deadline = System.nanoTime() + run.timeout().toNanos();
            step = "wait for the gate container";
            boolean exited = waitForExit(deadline);
            Long exitCode = null;
            if (exited) {
                exitCode = docker.inspectContainerCmd(containerId).exec().getState().getExitCodeLong();
            } else {
                step = "kill the gate container at its timeout";
                kill();
            }

            step = "read the gate's output";
            String output = outputTail();
            if (!exited) {
                return new GateResult.TimedOut(run.timeout(), output, since(started));
            }
            if (exitCode == null) {
                throw new GateNotRun("the gate container exited without an exit code", output);
            }
            return new GateResult.Exited(exitCode.intValue(), output, since(started));
        }

        // Only a container carrying our label is a leftover: another one under that name is not ours to remove.
        private void removeLeftover() throws GateNotRun {
            InspectContainerResponse existing;
            try {
                existing = docker.inspectContainerCmd(run.runName()).exec();
            } catch (NotFoundException e) {
                return;
            }
            Map<String, String> labels = existing.getConfig() == null ? null : existing.getConfig().getLabels();
            if (labels == null || !run.runName().equals(labels.get(GateRun.LABEL))) {
                throw new GateNotRun("a container named " + run.runName() + " that is not this gate's run exists on "
                        + host(run) + ": left alone");
            }
            try {
                docker.removeContainerCmd(existing.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException e) {
                // removed meanwhile: what was wanted
            }
        }

        private String image() throws GateNotRun, IOException, InterruptedException {
            if (run.image() instanceof GateImage.Declared declared) {
                images.requireDeclared(docker, declared, host(run));
                return declared.image();
            }
            var built = (GateImage.Built) run.image();
            step = "build the image from " + built.dockerfile();
            return images.build(builders.client(run.target().dockerHost(), run.target().tls()), built, run.source());
        }

        private void requireNetwork(String network) throws GateNotRun {
            try {
                docker.inspectNetworkCmd().withNetworkId(network).exec();
            } catch (NotFoundException e) {
                throw new GateNotRun("network " + network + " does not exist on " + host(run)
                        + ": the compose project must be up for this gate");
            }
        }

        private String create(String image) {
            HostConfig hostConfig = HostConfig.newHostConfig()
                    .withPrivileged(false)
                    .withSecurityOpts(List.of("no-new-privileges"));
            run.network().ifPresent(hostConfig::withNetworkMode);
            List<String> argv = run.command();
            return docker.createContainerCmd(image)
                    .withName(run.runName())
                    .withLabels(Map.of(GateRun.LABEL, run.runName()))
                    // The argv as is: the image's ENTRYPOINT cannot wrap it and no shell reads it.
                    .withEntrypoint(argv.get(0))
                    .withCmd(argv.subList(1, argv.size()))
                    .withWorkingDir(run.workingDir())
                    .withEnv(run.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                    .withHostConfig(hostConfig)
                    .exec()
                    .getId();
        }

        // Entries are named under the working directory and extracted at "/", so the directory need not
        // exist in the image: the engine creates what is missing.
        private void copyCheckout() throws IOException {
            String prefix = run.workingDir().replaceAll("^/+", "").replaceAll("/+$", "");
            try (CheckoutArchive archive = CheckoutArchive.of(run.source(), prefix, tempDir);
                 InputStream tar = Files.newInputStream(archive.file())) {
                docker.copyArchiveToContainerCmd(containerId).withRemotePath("/").withTarInputStream(tar).exec();
            }
        }

        private boolean waitForExit(long deadline) throws InterruptedException {
            Duration pause = FIRST_POLL;
            while (true) {
                var state = docker.inspectContainerCmd(containerId).exec().getState();
                if (!Boolean.TRUE.equals(state.getRunning()) && !Boolean.TRUE.equals(state.getRestarting())) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.sleep(Math.min(left, pause.toNanos()));
                pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
            }
        }

        private void kill() {
            try {
                docker.killContainerCmd(containerId).exec();
            } catch (ConflictException e) {
                // it exited between the last look and the kill: the timeout stands, it was reached
            }
        }

        // The last lines only: a gate may print megabytes, and the engine streams what it is asked for.
        private String outputTail() throws InterruptedException {
            var tail = new OutputTail(GateResult.OUTPUT_MAX);
            try (var callback = docker.logContainerCmd(containerId)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(GateResult.OUTPUT_MAX)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            tail.append(frame.getPayload());
                        }
                    })) {
                callback.awaitCompletion(LOGS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                // closing the finished stream failed: what was read stands
            }
            return tail.text();
        }

        // After the result is decided; a container that cannot be removed now is removed as a leftover
        // by the next run under the same name.
        void removeContainer() {
            if (containerId == null) {
                return;
            }
            try {
                docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                if (!EngineCalls.isHostFailure(e)) {
                    throw e;
                }
            }
        }
    }

    private static String host(GateRun run) {
        return DockerClients.describe(run.target().dockerHost());
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}

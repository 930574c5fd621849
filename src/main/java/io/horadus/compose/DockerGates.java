package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GateRun;
import io.horadus.release.port.GateRunner;
import io.horadus.release.port.GateState;
import io.horadus.release.port.HostUnavailableException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link GateRunner} on the release's Docker engine through docker-java. {@link #start}: remove a
 * leftover of the same run, find or build the image, check the network, create the container (argv as
 * entrypoint and command, no shell), copy the checkout in through the API, start it. {@link #observe}:
 * its state. {@link #finish}: kill it if it still runs, keep the output's tail, remove it.
 *
 * <p>Every engine failure during the start ends the gate as {@link GateResult.NotRun} naming the step
 * (the engine fails the gate closed) and leaves nothing behind; {@link #observe} and {@link #finish}
 * throw {@link HostUnavailableException} instead, since the gate itself may be running fine and is
 * looked at again later.
 */
public final class DockerGates implements GateRunner {

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
    public Optional<GateResult.NotRun> start(GateRun run) {
        long started = System.nanoTime();
        var attempt = new Attempt(run);
        try {
            attempt.start();
            return Optional.empty();
        } catch (GateNotRun e) {
            attempt.removeContainer();
            return Optional.of(new GateResult.NotRun(e.why(), e.output(), since(started)));
        } catch (HostUnavailableException e) {
            attempt.removeContainer();
            return Optional.of(new GateResult.NotRun("cannot " + attempt.step + ": " + e.getMessage(), "", since(started)));
        } catch (IOException e) {
            attempt.removeContainer();
            return Optional.of(new GateResult.NotRun("cannot " + attempt.step + ": " + EngineCalls.cause(e), "", since(started)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            attempt.removeContainer();
            return Optional.of(new GateResult.NotRun("interrupted while trying to " + attempt.step, "", since(started)));
        } catch (RuntimeException e) {
            if (!EngineCalls.isHostFailure(e)) {
                throw e;
            }
            attempt.removeContainer();
            return Optional.of(new GateResult.NotRun("cannot " + attempt.step + " on " + host(run.target()) + ": "
                    + EngineCalls.cause(e), "", since(started)));
        }
    }

    @Override
    public GateState observe(ComposeTarget target, String runName) {
        return EngineCalls.onHost(target, () -> {
            var container = ours(clients.client(target.dockerHost(), target.tls()), runName);
            if (container.isEmpty()) {
                return new GateState.Missing();
            }
            var state = container.get().getState();
            if (Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getRestarting())
                    || Boolean.TRUE.equals(state.getPaused())) {
                return new GateState.Running();
            }
            var exitCode = state.getExitCodeLong();
            // "created": the start never happened (an operator killed between create and start).
            if ("created".equals(state.getStatus()) || exitCode == null) {
                return new GateState.Missing();
            }
            return new GateState.Exited(exitCode.intValue());
        });
    }

    @Override
    public String finish(ComposeTarget target, String runName) {
        return EngineCalls.onHost(target, () -> {
            var docker = clients.client(target.dockerHost(), target.tls());
            var container = ours(docker, runName);
            if (container.isEmpty()) {
                return "";
            }
            var id = container.get().getId();
            if (Boolean.TRUE.equals(container.get().getState().getRunning())) {
                try {
                    docker.killContainerCmd(id).exec();
                } catch (ConflictException e) {
                    // it exited between the look and the kill
                }
            }
            String output;
            try {
                output = outputTail(docker, id);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                output = "";
            }
            remove(docker, id);
            return output;
        });
    }

    /** The container under this run's name, when it carries the run's label: another one of that name is not ours. */
    private static Optional<InspectContainerResponse> ours(DockerClient docker, String runName) {
        return named(docker, runName).filter(container -> labelled(container, runName));
    }

    private static Optional<InspectContainerResponse> named(DockerClient docker, String name) {
        try {
            return Optional.of(docker.inspectContainerCmd(name).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private static boolean labelled(InspectContainerResponse container, String runName) {
        Map<String, String> labels = container.getConfig() == null ? null : container.getConfig().getLabels();
        return labels != null && runName.equals(labels.get(GateRun.LABEL));
    }

    private static void remove(DockerClient docker, String containerId) {
        try {
            docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // removed meanwhile: what was wanted
        }
    }

    // The last lines only: a gate may print megabytes, and the engine streams what it is asked for.
    private static String outputTail(DockerClient docker, String containerId) throws InterruptedException {
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

    /** One run's state: the step it is at (for messages) and the container to remove at the end. */
    private final class Attempt {
        private final GateRun run;
        private String step = "connect to the Docker engine";
        private DockerClient docker;
        private String containerId;
        private String network;

        Attempt(GateRun run) {
            this.run = run;
        }

        void start() throws GateNotRun, IOException, InterruptedException {
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
                network = network(run.network().get());
            }

            step = "create the gate container";
            containerId = create(image);

            step = "copy the checkout into the gate container";
            copyCheckout();

            step = "start the gate container";
            docker.startContainerCmd(containerId).exec();
        }

        // Only a container carrying our label is a leftover: another one under that name is not ours to remove.
        private void removeLeftover() throws GateNotRun {
            var existing = named(docker, run.runName());
            if (existing.isEmpty()) {
                return;
            }
            if (!labelled(existing.get(), run.runName())) {
                throw new GateNotRun("a container named " + run.runName() + " that is not this gate's run exists on "
                        + host(run.target()) + ": left alone");
            }
            remove(docker, existing.get().getId());
        }

        private String image() throws GateNotRun, IOException, InterruptedException {
            if (run.image() instanceof GateImage.Declared declared) {
                images.requireDeclared(docker, declared, host(run.target()));
                return declared.image();
            }
            var built = (GateImage.Built) run.image();
            step = "build the image from " + built.dockerfile();
            return images.build(builders.client(run.target().dockerHost(), run.target().tls()), built, run.source());
        }

        /**
         * The network's name on the host: {@code <project>_<name>} as compose names it, or, when the compose
         * file gives the network a name of its own, the one compose labelled with the project and the name.
         */
        private String network(String name) throws GateNotRun {
            try {
                docker.inspectNetworkCmd().withNetworkId(name).exec();
                return name;
            } catch (NotFoundException e) {
                var project = run.target().project();
                var key = name.startsWith(project + "_") ? name.substring(project.length() + 1) : name;
                var labelled = docker.listNetworksCmd()
                        .withFilter("label", List.of("com.docker.compose.project=" + project, "com.docker.compose.network=" + key))
                        .exec();
                if (labelled.size() == 1) {
                    return labelled.get(0).getName();
                }
                throw new GateNotRun("network " + name + " does not exist on " + host(run.target())
                        + ": the compose project must be up for this gate");
            }
        }

        private String create(String image) {
            HostConfig hostConfig = HostConfig.newHostConfig()
                    .withPrivileged(false)
                    .withSecurityOpts(List.of("no-new-privileges"));
            if (network != null) {
                hostConfig.withNetworkMode(network);
            }
            List<String> argv = run.command();
            return docker.createContainerCmd(image)
                    .withName(run.runName())
                    .withLabels(run.labels())
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

        // A start that failed leaves nothing; a container that cannot be removed now is removed as a
        // leftover by the next run under the same name.
        void removeContainer() {
            if (containerId == null) {
                return;
            }
            try {
                remove(docker, containerId);
            } catch (RuntimeException e) {
                if (!EngineCalls.isHostFailure(e)) {
                    throw e;
                }
            }
        }
    }

    private static String host(ComposeTarget target) {
        return DockerClients.describe(target.dockerHost());
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}

package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.ContainerExec;
import io.horadus.release.port.ExecResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.horadus.compose.EngineCalls.onHost;

/**
 * The in-container probe through the Docker API: exec create, start attached to stdout and stderr,
 * then the exit code from exec inspect. The engine's transport failures are the host's
 * ({@link io.horadus.release.port.HostUnavailableException}); the engine's refusals are the check's.
 */
public final class DockerExec implements ContainerExec {

    private final DockerClients clients;

    public DockerExec(DockerClients clients) {
        this.clients = clients;
    }

    @Override
    public ExecResult exec(ComposeTarget target, String containerId, List<String> command, Duration timeout) {
        DockerClient docker = clients.client(target.dockerHost(), target.tls());
        return onHost(target, () -> {
            try {
                return run(docker, containerId, command, timeout);
            } catch (NotFoundException e) {
                return new ExecResult.Failed("container is gone");
            } catch (ConflictException e) {
                return new ExecResult.Failed("container is not running");
            } catch (DockerException e) {
                return new ExecResult.Failed("exec refused: HTTP " + e.getHttpStatus());
            }
        });
    }

    private static ExecResult run(DockerClient docker, String containerId, List<String> command, Duration timeout) {
        String exec = docker.execCreateCmd(containerId)
                .withCmd(command.toArray(String[]::new))
                .withAttachStdout(true)
                .withAttachStderr(true)
                .exec()
                .getId();
        var output = new BoundedOutput(ExecResult.OUTPUT_LIMIT);
        var callback = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                output.append(frame.getPayload());
            }
        });
        try (callback) {
            if (!callback.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return new ExecResult.TimedOut();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult.Failed("interrupted");
        } catch (IOException e) {
            // Closing the attached stream failed: the command's outcome is still what exec inspect says.
        }
        var inspected = docker.inspectExecCmd(exec).exec();
        Long exitCode = inspected.getExitCodeLong();
        if (Boolean.TRUE.equals(inspected.isRunning()) || exitCode == null) {
            // The stream ended before the command did (the engine's read timeout on a quiet command).
            return new ExecResult.TimedOut();
        }
        return new ExecResult.Exited(exitCode.intValue(), output.text(), output.cut());
    }

    /** The first bytes of a command's output; the rest is counted as cut, never kept. */
    private static final class BoundedOutput {
        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean cut;

        BoundedOutput(int limit) {
            this.limit = limit;
        }

        synchronized void append(byte[] payload) {
            if (payload == null) {
                return;
            }
            int room = limit - bytes.size();
            if (payload.length > room) {
                cut = true;
            }
            bytes.write(payload, 0, Math.max(0, Math.min(room, payload.length)));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized boolean cut() {
            return cut;
        }
    }
}

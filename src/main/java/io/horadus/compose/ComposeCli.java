package io.horadus.compose;

import io.horadus.release.port.CommandResult;
import io.horadus.release.port.ComposeHost;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.ReleaseWorktree;

import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@link ComposeHost} through the compose CLI: each step is one compose command run in the release's
 * checkout against the release's Docker endpoint. A command that failed is followed by a ping of that
 * endpoint: when the engine does not answer (stopped or restarting mid-command), the failure is the
 * host's, not the release's, and is thrown as a {@link HostUnavailableException} (retried; every compose
 * step is repeatable, and a migration is looked for on the host before it is run again).
 */
public final class ComposeCli implements ComposeHost {

    private static final Logger LOG = Logger.getLogger(ComposeCli.class);
    /** The exit code recorded when the files from Secrets could not be written and nothing ran. */
    static final int FILES_NOT_WRITTEN = 126;

    private final ComposeBinary binary;
    private final ProcessCommandRunner runner;
    private final TlsMaterialStore tlsStore;
    private final DockerClients clients;

    /** @param clients reach the engine a command ran against, to ask whether it answers after a failed command */
    public ComposeCli(ComposeBinary binary, ProcessCommandRunner runner, TlsMaterialStore tlsStore, DockerClients clients) {
        this.binary = binary;
        this.runner = runner;
        this.tlsStore = tlsStore;
        this.clients = clients;
    }

    @Override
    public CommandResult build(ReleaseWorktree release, List<String> services) {
        return run(release, commands().build(release.target(), services));
    }

    @Override
    public CommandResult migrate(ReleaseWorktree release, String service, String profile, String runName, List<String> command) {
        return run(release, commands().migrate(release.target(), service, profile, runName, command));
    }

    @Override
    public CommandResult up(ReleaseWorktree release, List<String> services) {
        return run(release, commands().up(release.target(), services));
    }

    @Override
    public CommandResult restore(ReleaseWorktree release, List<String> services) {
        return run(release, commands().restore(release.target(), services));
    }

    private ComposeCommands commands() {
        return new ComposeCommands(binary.get());
    }

    private CommandResult run(ReleaseWorktree release, List<String> argv) {
        ComposeTarget target = release.target();
        Path certPath = tlsStore.certPath(target.dockerHost(), target.tls());
        var secrets = target.secrets();
        try {
            ProjectFiles.write(release.directory(), secrets);
        } catch (UncheckedIOException e) {
            // Nothing ran: the command would have failed on the missing file anyway, and this says why.
            return new CommandResult(argv, FILES_NOT_WRITTEN, List.of(e.getMessage() + ": " + e.getCause().getMessage()), Duration.ZERO);
        }
        var env = new ProcessCommandRunner.Environment(target.dockerHost(), certPath, release.tag(), release.commit(), secrets.variables());
        var result = runner.run(argv, release.directory(), env, secrets.isEmpty() ? null : secrets.masker());
        LOG.debugf("%s: %s exited %d in %d ms", target.project(), String.join(" ", argv), result.exitCode(), result.duration().toMillis());
        if (!result.succeeded()) {
            engineAnswers(target);
        }
        return result;
    }

    /** @throws HostUnavailableException when the target's engine does not answer a ping */
    private void engineAnswers(ComposeTarget target) {
        EngineCalls.onHost(target, () -> clients.client(target.dockerHost(), target.tls()).pingCmd().exec());
    }
}

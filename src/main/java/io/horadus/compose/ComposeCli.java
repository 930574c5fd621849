package io.horadus.compose;

import io.horadus.release.CommandResult;
import io.horadus.release.ComposeHost;
import io.horadus.release.ComposeTarget;
import io.horadus.release.ReleaseWorktree;

import java.nio.file.Path;
import java.util.List;

/**
 * {@link ComposeHost} through the compose CLI: each step is one compose command run in the release's
 * checkout against the release's Docker endpoint.
 */
public final class ComposeCli implements ComposeHost {

    private final ComposeBinary binary;
    private final ProcessCommandRunner runner;
    private final TlsMaterialStore tlsStore;

    public ComposeCli(ComposeBinary binary, ProcessCommandRunner runner, TlsMaterialStore tlsStore) {
        this.binary = binary;
        this.runner = runner;
        this.tlsStore = tlsStore;
    }

    @Override
    public CommandResult build(ReleaseWorktree release, List<String> services) {
        return run(release, commands().build(release.target(), services));
    }

    @Override
    public CommandResult migrate(ReleaseWorktree release, String service, String profile, String runName) {
        return run(release, commands().migrate(release.target(), service, profile, runName));
    }

    @Override
    public CommandResult up(ReleaseWorktree release, List<String> services) {
        return run(release, commands().up(release.target(), services));
    }

    private ComposeCommands commands() {
        return new ComposeCommands(binary.get());
    }

    private CommandResult run(ReleaseWorktree release, List<String> argv) {
        ComposeTarget target = release.target();
        Path certPath = tlsStore.certPath(target.dockerHost(), target.tls());
        var env = new ProcessCommandRunner.Environment(target.dockerHost(), certPath, release.tag(), release.commit());
        return runner.run(argv, release.directory(), env);
    }
}

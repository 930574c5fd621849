package io.horadus.release;

import java.util.List;

/**
 * The compose operations that change the host, the runbook's rollout lines. Implementations run the
 * compose CLI with an argument array (never a shell) in the release's worktree, with HORADUS_TAG and
 * HORADUS_COMMIT in the environment so compose files can version their images.
 * A command that ran and failed is a {@link CommandResult} with its exit code; a command that could
 * not be started at all is a {@link HostUnavailableException}.
 */
public interface ComposeHost {

    /** {@code compose build <services>}. */
    CommandResult build(ReleaseWorktree release, List<String> services);

    /**
     * {@code compose --profile <profile> run --rm --name <runName> --label horadus.io/migration-run=<runName> <service>};
     * the name and label let {@link HostObserver#migrationRun} find this run after a restart.
     */
    CommandResult migrate(ReleaseWorktree release, String service, String profile, String runName);

    /** {@code compose up -d <services>}. */
    CommandResult up(ReleaseWorktree release, List<String> services);
}

package io.horadus.release.port;

import java.util.List;

/**
 * The compose operations that change the host, the runbook's rollout lines. Implementations run the
 * compose CLI with an argument array (never a shell) in the release's worktree, with HORADUS_TAG and
 * HORADUS_COMMIT in the environment so compose files can version their images.
 * A command that ran and failed is a {@link CommandResult} with its exit code; a command that could
 * not be started at all, or that failed while the Docker engine did not answer (asked after the
 * failure), is a {@link HostUnavailableException}: the host's failure, retried, never the release's.
 */
public interface ComposeHost {

    /** {@code compose build <services>}. */
    CommandResult build(ReleaseWorktree release, List<String> services);

    /**
     * {@code compose --profile <profile> run --name <runName> --label horadus.io/migration-run=<runName> <service>};
     * the name and label let {@link HostObserver#migrationRun} find this run after a restart. Without
     * {@code --rm}: the exited container keeps the exit code until
     * {@link HostObserver#removeMigrationRun} removes it, after status recorded it.
     */
    default CommandResult migrate(ReleaseWorktree release, String service, String profile, String runName) {
        return migrate(release, service, profile, runName, List.of());
    }

    /** The same run with {@code command} instead of the service's own (a down-migration). */
    CommandResult migrate(ReleaseWorktree release, String service, String profile, String runName, List<String> command);

    /** {@code compose up -d <services>}. */
    CommandResult up(ReleaseWorktree release, List<String> services);

    /** {@code compose up -d --no-build <services>}: a rollback starts the images it restored, never builds. */
    CommandResult restore(ReleaseWorktree release, List<String> services);
}

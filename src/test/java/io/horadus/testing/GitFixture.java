package io.horadus.testing;

import io.horadus.demo.RepositoryWriter;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A git remote for tests: a bare repository {@code <dir>/remote.git} (initial branch main) and a
 * working repository {@code <dir>/work} whose origin is that bare repository. Every method changes
 * the working repository and pushes at once, so {@link #url()} always shows the result. The working
 * repository stays on main between calls. Signing is off and the identity is fixed, so a developer's
 * own git config cannot change results (tests also run with XDG_CONFIG_HOME and
 * GIT_CONFIG_NOSYSTEM=1 from the pom). Failures are thrown as IllegalStateException.
 * <pre>{@code
 * try (GitFixture git = GitFixture.create(tempDir)) {
 *     String sha = git.commit(Map.of("compose.yaml", "services: {}\n"), "first");
 *     git.annotatedTag("v1.0.0", "Release 1.0.0");
 *     ... new SourceRequest(key, git.url(), "main", GitCredentials.NONE, "v1.0.0", Optional.empty()) ...
 * }
 * }</pre>
 * {@link #close()} releases the repositories; it leaves the files for the caller's temp dir cleanup.
 */
public final class GitFixture implements AutoCloseable {

    private static final String NAME = "Horadus Test";
    private static final String EMAIL = "test@horadus.invalid";

    private final Path bare;
    private final RepositoryWriter writer;
    private final Git work;

    private GitFixture(Path bare, RepositoryWriter writer) {
        this.bare = bare;
        this.writer = writer;
        this.work = writer.git();
    }

    /** Creates {@code dir/remote.git} and {@code dir/work} (dir is created if needed). */
    public static GitFixture create(Path dir) {
        try {
            Path bare = dir.resolve("remote.git").toAbsolutePath();
            Path workDir = dir.resolve("work").toAbsolutePath();
            Files.createDirectories(dir);
            try (Git remote = Git.init().setBare(true).setGitDir(bare.toFile()).setInitialBranch("main").call()) {
                StoredConfig config = remote.getRepository().getConfig();
                // Pushes may start an auto gc; run it in the push, not in a thread racing the test's cleanup.
                config.setBoolean("gc", null, "autoDetach", false);
                config.save();
            }
            RepositoryWriter work = RepositoryWriter.init(workDir, "main", NAME, EMAIL);
            StoredConfig config = work.git().getRepository().getConfig();
            config.setString("remote", "origin", "url", bare.toUri().toString());
            config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            config.save();
            return new GitFixture(bare, work);
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot create git fixture in " + dir, e);
        }
    }

    /** The bare repository as a file:// URL. */
    public String url() {
        return bare.toUri().toString();
    }

    /** The bare repository's directory. */
    public Path barePath() {
        return bare;
    }

    /** Writes (or overwrites) the files, paths relative to the repository root; commits on main; pushes; returns the sha. */
    public String commit(Map<String, String> files, String message) {
        try {
            String sha = writer.commit(files, message);
            push(new RefSpec(Constants.R_HEADS + "main:" + Constants.R_HEADS + "main"));
            return sha;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit " + files.keySet(), e);
        }
    }

    /** Deletes the files from main in one commit, pushes, returns the sha. */
    public String deleteFiles(List<String> paths, String message) {
        try {
            var rm = work.rm();
            paths.forEach(rm::addFilepattern);
            rm.call();
            String sha = writer.commitAll(message);
            push(new RefSpec(Constants.R_HEADS + "main:" + Constants.R_HEADS + "main"));
            return sha;
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot delete " + paths, e);
        }
    }

    /** Annotated tag on main's HEAD, pushed. */
    public void annotatedTag(String name, String message) {
        annotatedTagAt(name, head(), message);
    }

    /** Lightweight tag on main's HEAD, pushed. */
    public void lightweightTag(String name) {
        try {
            work.tag().setName(name).setAnnotated(false).setObjectId(writer.parse(head())).call();
            push(new RefSpec(Constants.R_TAGS + name + ":" + Constants.R_TAGS + name));
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot create lightweight tag " + name, e);
        }
    }

    /** Annotated tag on any commit (e.g. one from {@link #commitOnSideBranch}), pushed. */
    public void annotatedTagAt(String name, String commitSha, String message) {
        tag(name, commitSha, message, false);
    }

    /** Re-creates an annotated tag on another commit and force-pushes it, as someone moving a release tag would. */
    public void moveTag(String name, String toCommitSha, String message) {
        tag(name, toCommitSha, message, true);
    }

    /**
     * Commits on {@code branch} (created from main when missing, never merged into main), pushes it,
     * returns the sha; the working repository is back on main afterwards.
     */
    public String commitOnSideBranch(String branch, Map<String, String> files, String message) {
        try {
            boolean exists = work.getRepository().exactRef(Constants.R_HEADS + branch) != null;
            work.checkout().setName(branch).setCreateBranch(!exists).call();
            try {
                String sha = writer.commit(files, message);
                push(new RefSpec(Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch));
                return sha;
            } finally {
                work.checkout().setName("main").call();
            }
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot commit on branch " + branch, e);
        }
    }

    /** The sha of main's HEAD in the working repository. */
    public String head() {
        return writer.head();
    }

    @Override
    public void close() {
        writer.close();
    }

    private void tag(String name, String commitSha, String message, boolean force) {
        try {
            writer.annotatedTag(name, commitSha, message, force);
            push(new RefSpec((force ? "+" : "") + Constants.R_TAGS + name + ":" + Constants.R_TAGS + name));
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot tag " + commitSha + " as " + name, e);
        }
    }

    private void push(RefSpec spec) throws GitAPIException {
        PushCommand push = work.push().setRemote("origin").setRefSpecs(spec).setForce(spec.isForceUpdate());
        for (PushResult result : push.call()) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                if (update.getStatus() != RemoteRefUpdate.Status.OK && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                    throw new IllegalStateException("push of " + spec + " failed: " + update.getStatus() + " " + update.getMessage());
                }
            }
        }
    }
}

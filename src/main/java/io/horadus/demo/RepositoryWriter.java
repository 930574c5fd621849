package io.horadus.demo;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A git repository with a work tree, written by one fixed author: commits of whole files and annotated
 * tags, as a release driver makes them. Signing is off and the identity is set in the repository's own
 * config, so a person's git config (a signing key, another name) can change nothing in what is written.
 * Failures are thrown as IllegalStateException. {@link #git()} gives JGit itself for what this class does
 * not do (pushes, branches).
 */
public final class RepositoryWriter implements AutoCloseable {

    private final Git git;
    private final Path workTree;
    private final PersonIdent author;

    private RepositoryWriter(Git git, Path workTree, PersonIdent author) {
        this.git = git;
        this.workTree = workTree;
        this.author = author;
    }

    /** A new repository in {@code dir} (created if needed) whose first branch is {@code branch}. */
    public static RepositoryWriter init(Path dir, String branch, String authorName, String authorEmail) {
        try {
            Path workTree = dir.toAbsolutePath();
            Files.createDirectories(workTree);
            Git git = Git.init().setDirectory(workTree.toFile()).setInitialBranch(branch).call();
            StoredConfig config = git.getRepository().getConfig();
            config.setBoolean("commit", null, "gpgSign", false);
            config.setBoolean("tag", null, "gpgSign", false);
            // An auto gc in a background thread could still be writing when the caller deletes the directory.
            config.setBoolean("gc", null, "autoDetach", false);
            config.setString("user", null, "name", authorName);
            config.setString("user", null, "email", authorEmail);
            config.save();
            return new RepositoryWriter(git, workTree, new PersonIdent(authorName, authorEmail));
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot create a git repository in " + dir, e);
        }
    }

    /** JGit on this repository. */
    public Git git() {
        return git;
    }

    /** The work tree's root. */
    public Path workTree() {
        return workTree;
    }

    /**
     * Writes (or overwrites) the files, paths relative to the work tree, and commits everything the work
     * tree holds on the current branch; returns the commit's sha.
     */
    public String commit(Map<String, String> files, String message) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = workTree.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            return commitAll(message);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + files.keySet(), e);
        }
    }

    /** Commits everything the work tree holds (deletions included) on the current branch; returns the sha. */
    public String commitAll(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            RevCommit commit = git.commit().setMessage(message).setSign(false).setAuthor(author).setCommitter(author)
                    .setAllowEmpty(true).call();
            return commit.name();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot commit in " + workTree, e);
        }
    }

    /**
     * An annotated tag on {@code commitSha}; {@code force} moves an existing tag of that name, as someone
     * re-tagging a release would.
     */
    public void annotatedTag(String name, String commitSha, String message, boolean force) {
        try {
            git.tag().setName(name).setMessage(message).setAnnotated(true).setSigned(false).setTagger(author)
                    .setObjectId(parse(commitSha)).setForceUpdate(force).call();
        } catch (IOException | GitAPIException e) {
            throw new IllegalStateException("cannot tag " + commitSha + " as " + name, e);
        }
    }

    /** The sha HEAD points at. */
    public String head() {
        try {
            ObjectId head = git.getRepository().resolve(Constants.HEAD);
            if (head == null) {
                throw new IllegalStateException("no commit yet in " + workTree);
            }
            return head.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commit, tag or tree {@code sha} names, for JGit commands that want an object. */
    public RevObject parse(String sha) throws IOException {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.parseAny(ObjectId.fromString(sha));
        }
    }

    @Override
    public void close() {
        git.close();
    }
}

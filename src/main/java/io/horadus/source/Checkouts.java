package io.horadus.source;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FileUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Detached checkouts of one commit each. A checkout is a small repository whose objects come from
 * the mirror through a relative alternates link (like {@code git clone --shared}), so it costs the
 * size of the files, not of the history, and survives the work area being mounted elsewhere.
 * Expects the caller to hold the release key's lock. {@link #create} builds the checkout in a
 * temporary sibling and moves it into place, so a crash never leaves a half-written tree that looks
 * finished. IOException means the disk or the mirror could not be used.
 */
final class Checkouts {

    private static final int LISTED_FILES = 5;

    private Checkouts() {
    }

    /** True when {@code dir} is a checkout of exactly {@code commit} with no local change. */
    static boolean isCleanAt(Path dir, ObjectId commit) {
        if (!Files.isDirectory(dir.resolve(Constants.DOT_GIT))) {
            return false;
        }
        try (Repository repo = open(dir)) {
            return commit.equals(repo.resolve(Constants.HEAD)) && status(repo).isClean();
        } catch (IOException | GitAPIException | RuntimeException e) {
            // Anything unreadable is not a checkout we can trust; the caller re-creates it.
            return false;
        }
    }

    /**
     * Replaces whatever is at {@code dir} with a fresh checkout of {@code commit} from the mirror. A checkout
     * that fails half-way (a full disk) is deleted at once: its files would hold the space the next attempt,
     * and every other release in the work area, needs.
     */
    static void create(Repository mirror, Path dir, ObjectId commit) throws IOException {
        Path tmp = dir.resolveSibling("." + dir.getFileName() + ".tmp");
        delete(tmp);
        try {
            build(mirror, tmp, commit);
        } catch (IOException | RuntimeException e) {
            try {
                delete(tmp);
            } catch (IOException | RuntimeException left) {
                e.addSuppressed(left); // the next create or prune deletes it
            }
            throw e;
        }
        delete(dir);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void build(Repository mirror, Path tmp, ObjectId commit) throws IOException {
        Files.createDirectories(tmp);
        try {
            Git.init().setDirectory(tmp.toFile()).setInitialBranch("main").call().close();
        } catch (GitAPIException e) {
            throw new IOException("cannot create checkout " + tmp, e);
        }
        Path objects = tmp.resolve(Constants.DOT_GIT).resolve(Constants.OBJECTS);
        Path mirrorObjects = mirror.getDirectory().toPath().toAbsolutePath().normalize().resolve(Constants.OBJECTS);
        // Relative to the checkout's objects directory, where git and JGit resolve it from.
        Path link = objects.toAbsolutePath().normalize().relativize(mirrorObjects);
        Files.writeString(objects.resolve(Constants.INFO_ALTERNATES), link + "\n");
        try (Repository repo = open(tmp); RevWalk walk = new RevWalk(repo)) {
            RevCommit revCommit = walk.parseCommit(commit);
            DirCacheCheckout checkout = new DirCacheCheckout(repo, repo.lockDirCache(), revCommit.getTree());
            checkout.setFailOnConflict(true);
            checkout.checkout();
            RefUpdate head = repo.updateRef(Constants.HEAD, true);
            head.setNewObjectId(commit);
            RefUpdate.Result result = head.forceUpdate();
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED && result != RefUpdate.Result.NO_CHANGE) {
                throw new IOException("cannot set HEAD of " + tmp + " to " + commit.name() + ": " + result);
            }
        }
    }

    /** The local changes of a checkout, for a one-line message: "modified a, untracked b (and 2 more)"; empty when clean. */
    static String changes(Path dir) throws IOException {
        try (Repository repo = open(dir)) {
            Status status = status(repo);
            if (status.isClean()) {
                return "";
            }
            List<String> parts = new ArrayList<>();
            add(parts, "modified", status.getModified());
            add(parts, "changed", status.getChanged());
            add(parts, "missing", status.getMissing());
            add(parts, "untracked", status.getUntracked());
            add(parts, "added", status.getAdded());
            add(parts, "removed", status.getRemoved());
            add(parts, "conflicting", status.getConflicting());
            String listed = String.join(", ", parts.subList(0, Math.min(LISTED_FILES, parts.size())));
            return parts.size() > LISTED_FILES ? listed + " (and " + (parts.size() - LISTED_FILES) + " more)" : listed;
        } catch (GitAPIException e) {
            throw new IOException("cannot read status of " + dir, e);
        }
    }

    /**
     * Marks a checkout as just used, so {@link #prune} keeps the recently used ones rather than the
     * recently created ones: a last good release's checkout stays while rollbacks may need it.
     */
    static void touch(Path dir) throws IOException {
        Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
    }

    /**
     * Deletes the checkouts in {@code worktrees} beyond the {@code kept} most recently used, never
     * {@code current}, and any temporary tree a crashed {@link #create} left. Safe because a checkout is
     * a cache: {@code worktree()} re-creates a deleted one from the mirror (fetching when needed).
     */
    static void prune(Path worktrees, Path current, int kept) throws IOException {
        if (!Files.isDirectory(worktrees)) {
            return;
        }
        List<Path> checkouts = new ArrayList<>();
        try (Stream<Path> entries = Files.list(worktrees)) {
            for (Path entry : entries.toList()) {
                if (entry.getFileName().toString().startsWith(".")) {
                    delete(entry); // a temporary tree: the caller holds the key's lock, so no create is under way
                } else if (!entry.equals(current) && Files.isDirectory(entry)) {
                    checkouts.add(entry);
                }
            }
        }
        checkouts.sort(Comparator.comparing(Checkouts::lastUsed).reversed());
        // The current checkout is one of the kept.
        for (Path old : checkouts.subList(Math.min(checkouts.size(), Math.max(0, kept - 1)), checkouts.size())) {
            delete(old);
        }
    }

    private static FileTime lastUsed(Path dir) {
        try {
            return Files.getLastModifiedTime(dir);
        } catch (IOException e) {
            return FileTime.fromMillis(0); // unreadable: the first to go
        }
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY);
        }
    }

    private static void add(List<String> parts, String kind, Set<String> paths) {
        for (String path : new TreeSet<>(paths)) {
            parts.add(kind + " " + path);
        }
    }

    private static Status status(Repository repo) throws GitAPIException {
        return Git.wrap(repo).status().call();
    }

    private static Repository open(Path dir) throws IOException {
        return new FileRepositoryBuilder().setWorkTree(dir.toFile()).setGitDir(dir.resolve(Constants.DOT_GIT).toFile())
                .setMustExist(true).build();
    }
}

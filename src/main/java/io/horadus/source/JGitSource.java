package io.horadus.source;

import io.horadus.housekeeping.WorkAreas;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.SourceRefusal;
import io.horadus.release.port.SourceRefusedException;
import io.horadus.release.port.SourceRequest;
import io.horadus.release.port.SourceResult;
import io.horadus.release.port.SourceUnavailableException;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@link ReleaseSource} on JGit. Expects a work-area directory owned by the operator; under it each
 * release key gets {@code <key>/mirror.git} (a bare mirror fetched on every resolve) and
 * {@code <key>/worktrees/<tag>-<commit12>/} (detached, clean checkouts; each resolve keeps the
 * {@value #KEPT_CHECKOUTS} most recently used and deletes older ones), plus a short-lived
 * {@code <key>/ssh/} for ssh credentials. Nothing outside the work area is changed; the remote is
 * only read.
 * <p>
 * A checkout found modified, at another commit or damaged is re-created rather than refused: the
 * work area is the operator's own, so a change there is damage to repair. {@code DirtyTree} is
 * returned only when a fresh checkout of the commit is itself not clean (e.g. line-ending attributes
 * that rewrite committed files), which no retry can fix; {@code CommitGone} when a release's commit
 * is no longer in the remote after a fetch (a refusal from {@code resolve}, a
 * {@link SourceRefusedException} from {@code worktree}). Remote, authentication and disk failures
 * are {@link SourceUnavailableException}s whose messages and cause chains carry no credential.
 * Calls for different release keys run in parallel; calls for one key are serialized.
 */
public final class JGitSource implements ReleaseSource, WorkAreas {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Checkouts kept per release key, the one in use included: the release in flight, the current
     * release and the last good ones a rollback returns to (spec.rollback.keep is small). An older one
     * a rollback still needs is re-created from the mirror.
     */
    static final int KEPT_CHECKOUTS = 4;

    private final WorkArea area;
    private final Duration timeout;
    private final KeyLocks locks = new KeyLocks();

    public JGitSource(Path workRoot) {
        this(workRoot, DEFAULT_TIMEOUT);
    }

    /** @param timeout network timeout of a fetch (connect and read), rounded to whole seconds */
    public JGitSource(Path workRoot, Duration timeout) {
        this.area = new WorkArea(Objects.requireNonNull(workRoot, "workRoot"));
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public SourceResult resolve(SourceRequest request) {
        return locks.withLock(nameOf(request.releaseKey()), () -> resolveLocked(request));
    }

    @Override
    public Path worktree(SourceRequest request, String commit) {
        if (commit == null || !ObjectId.isId(commit.toLowerCase())) {
            throw new IllegalArgumentException("not a full commit id: " + commit);
        }
        return locks.withLock(nameOf(request.releaseKey()), () -> worktreeLocked(request, ObjectId.fromString(commit.toLowerCase())));
    }

    @Override
    public Optional<List<String>> changedPaths(SourceRequest request, String fromCommit, String toCommit) {
        if (!ObjectId.isId(fromCommit.toLowerCase()) || !ObjectId.isId(toCommit.toLowerCase())) {
            throw new IllegalArgumentException("not full commit ids: " + fromCommit + ", " + toCommit);
        }
        var from = ObjectId.fromString(fromCommit.toLowerCase());
        var to = ObjectId.fromString(toCommit.toLowerCase());
        return locks.withLock(nameOf(request.releaseKey()), () -> {
            var redactor = new Redactor(request.credentials());
            try (Repository mirror = Mirror.open(area.mirror(request.releaseKey()))) {
                if (!Mirror.hasCommit(mirror, from) || !Mirror.hasCommit(mirror, to)) {
                    return Optional.<List<String>>empty();
                }
                return Optional.of(CommitDiff.paths(mirror, from, to));
            } catch (IOException | UncheckedIOException | JGitInternalException e) {
                throw unavailable(redactor, "cannot compare commits " + fromCommit + " and " + toCommit
                        + " of " + redactor.text(request.url()), e);
            }
        });
    }

    private SourceResult resolveLocked(SourceRequest request) {
        Redactor redactor = new Redactor(request.credentials());
        String shownUrl = redactor.text(request.url());
        try (Repository mirror = Mirror.open(area.mirror(request.releaseKey()))) {
            fetch(mirror, request, redactor);
            TagVerdict verdict = TagCheck.check(mirror, shownUrl, request.branch(), request.tag(), request.recordedCommit());
            if (verdict instanceof TagVerdict.Refused refused) {
                return refused.refusal();
            }
            TagVerdict.Releasable tag = (TagVerdict.Releasable) verdict;
            ObjectId commit = ObjectId.fromString(tag.commit());
            Path dir = area.worktree(request.releaseKey(), request.tag(), tag.commit());
            if (!Checkouts.isCleanAt(dir, commit)) {
                Checkouts.create(mirror, dir, commit);
                String changes = Checkouts.changes(dir);
                if (!changes.isEmpty()) {
                    return new SourceResult.Refused(SourceRefusal.DirtyTree, "checkout of tag '" + request.tag()
                            + "' (commit " + tag.commit() + ") is not clean: " + changes);
                }
            }
            touch(dir);
            prune(area.worktrees(request.releaseKey()), dir);
            return new SourceResult.Resolved(request.tag(), tag.commit(), tag.message(), dir);
        } catch (IOException | UncheckedIOException | JGitInternalException e) {
            throw unavailable(redactor, "cannot resolve tag '" + request.tag() + "' from " + shownUrl, e);
        }
    }

    private Path worktreeLocked(SourceRequest request, ObjectId commit) {
        Redactor redactor = new Redactor(request.credentials());
        String shownUrl = redactor.text(request.url());
        Path dir = area.worktree(request.releaseKey(), request.tag(), commit.name());
        if (Checkouts.isCleanAt(dir, commit)) {
            touch(dir);
            return dir;
        }
        try (Repository mirror = Mirror.open(area.mirror(request.releaseKey()))) {
            if (!Mirror.hasCommit(mirror, commit)) {
                fetch(mirror, request, redactor);
            }
            if (!Mirror.hasCommit(mirror, commit)) {
                // The fetch succeeded and brought every branch and tag: the commit is gone from the
                // remote, which no retry changes.
                throw new SourceRefusedException(new SourceResult.Refused(SourceRefusal.CommitGone, "commit " + commit.name()
                        + " of tag '" + request.tag() + "' is no longer in " + shownUrl
                        + " (no branch or tag holds it): it cannot be checked out again"));
            }
            Checkouts.create(mirror, dir, commit);
            String changes = Checkouts.changes(dir);
            if (!changes.isEmpty()) {
                throw redactor.unavailable("checkout of tag '" + request.tag() + "' (commit " + commit.name()
                        + ") is not clean: " + changes);
            }
            return dir;
        } catch (IOException | UncheckedIOException | JGitInternalException e) {
            throw unavailable(redactor, "cannot check out commit " + commit.name() + " of tag '" + request.tag() + "' from " + shownUrl, e);
        }
    }

    // Only the order of pruning depends on it: a failure here must not fail a usable checkout.
    private static void touch(Path dir) {
        try {
            Checkouts.touch(dir);
        } catch (IOException e) {
            // an older time only makes this checkout an earlier candidate for pruning
        }
    }

    // Pruning saves disk; a tree that cannot be deleted now must not fail a release: the next resolve tries again.
    private static void prune(Path worktrees, Path current) {
        try {
            Checkouts.prune(worktrees, current, KEPT_CHECKOUTS);
        } catch (IOException | UncheckedIOException e) {
            // left for the next resolve
        }
    }

    private void fetch(Repository mirror, SourceRequest request, Redactor redactor) {
        try (RemoteAccess access = RemoteAccess.open(request.credentials(), area.sshDir(request.releaseKey()))) {
            Mirror.fetch(mirror, request.url(), access, timeout);
        } catch (GitAPIException | IOException | RuntimeException e) {
            // sshd and the transports also throw unchecked exceptions of their own; all mean "cannot reach".
            String what = "cannot fetch " + redactor.text(request.url());
            if (timedOut(e)) {
                // The transports' own messages rarely say how long they waited ("Read timed out").
                what += ": no answer within " + Math.max(1, timeout.toSeconds()) + " s (the git timeout)";
            }
            throw unavailable(redactor, what, e);
        }
    }

    /** True when the remote stopped answering for the fetch's timeout (a read or connect that timed out). */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    /** A failure to reach or read the source; one of a full work directory says so, naming the directory. */
    private SourceUnavailableException unavailable(Redactor redactor, String what, Throwable e) {
        if (DiskSpace.exhausted(e)) {
            return redactor.full("no space left in the work directory " + area.root() + ": " + what, e);
        }
        return redactor.unavailable(what, e);
    }

    @Override
    public String toString() {
        return "JGitSource[" + area.root() + "]";
    }

    // Work areas (housekeeping). Locked by the area's directory name, the same lock resolve and worktree take
    // (SafeName is injective, so one name is one release key).

    @Override
    public List<String> names() {
        if (!Files.isDirectory(area.root())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(area.root())) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the work areas in " + area.root(), e);
        }
    }

    @Override
    public String nameOf(String releaseKey) {
        return SafeName.of(releaseKey);
    }

    @Override
    public boolean remove(String name, Predicate<String> inUse) {
        Path dir = area.root().resolve(name).normalize();
        if (!dir.getParent().equals(area.root()) || name.isEmpty()) {
            throw new IllegalArgumentException("not a work area: " + name);
        }
        return locks.withLock(name, () -> {
            if (inUse.test(name) || !Files.isDirectory(dir)) {
                return false;
            }
            try {
                Checkouts.delete(dir);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the work area " + dir, e);
            }
        });
    }
}

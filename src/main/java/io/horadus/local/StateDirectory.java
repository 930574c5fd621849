package io.horadus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's state, in files under one root (`--state DIR`), where the operator keeps it in
 * the API server:
 * <pre>
 * releases/NAMESPACE/NAME.json            one release: the HoradusRelease with its status ({@link StoredRelease})
 * releases/NAMESPACE/NAME.lock            who acts on it now ({@link ReleaseLock})
 * secrets/NAME/KEY                        a secret, one file per key, as a Secret mounted as a volume ({@link FolderSecrets})
 * approvals/NAMESPACE/RELEASE/NAME.json   reviewers' approvals ({@link FileApprovals})
 * work/                                   the engine's git mirrors, checkouts and TLS material
 * </pre>
 * Everything it creates is private to the user (directories 0700, files 0600); every write is atomic
 * and durable. Failures to read or write are {@link UncheckedIOException}s; a file it must not touch is
 * a {@link StateRefused}; a release another command holds is a {@link LockHeld}.
 *
 * <p>Use one instance per root in a process: it is what knows which releases this process holds (two
 * locks taken through two instances in one process would not see each other, and the OS lock a process
 * holds is dropped as soon as it closes any other handle on the same file).
 */
public final class StateDirectory {

    private static final String RELEASE_SUFFIX = ".json";
    private static final String LOCK_SUFFIX = ".lock";

    private final Path root;
    private final Clock clock;
    /** The locks this process holds through this instance: a second command in the process is refused before it touches the file. */
    private final Map<ReleaseKey, ReleaseLock> held = new HashMap<>();

    public StateDirectory(Path root) {
        this(root, Clock.systemUTC());
    }

    /** @param clock stamps the lock holders' "since" and nothing else */
    public StateDirectory(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /**
     * Where the state lives when no --state is given: {@code $HORADUS_STATE} when set; else
     * {@code $XDG_STATE_HOME/horadus} when that is set to an absolute path (the XDG base directory
     * specification ignores a relative one); else {@code ~/.local/state/horadus}, the XDG default, with
     * {@code ~} being {@code $HOME} or, without it, the JVM's user.home.
     */
    public static Path defaultRoot(Map<String, String> env) {
        var explicit = env.get("HORADUS_STATE");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        var xdg = env.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "horadus");
        }
        var home = env.get("HOME");
        if (home == null || home.isEmpty()) {
            home = System.getProperty("user.home");
        }
        return Path.of(home, ".local", "state", "horadus");
    }

    public Path root() {
        return root;
    }

    /** The engine's work area: git mirrors and checkouts, TLS material, gate archives. */
    public Path workDir() {
        return root.resolve("work");
    }

    /** The secrets folder: secrets/NAME/KEY. */
    public Path secrets() {
        return root.resolve("secrets");
    }

    /** The approvals folder: approvals/NAMESPACE/RELEASE/NAME.json. */
    public Path approvals() {
        return root.resolve("approvals");
    }

    /** The file that holds {@code key}'s release (it may not exist). */
    public Path releaseFile(ReleaseKey key) {
        return root.resolve("releases").resolve(key.namespace()).resolve(key.name() + RELEASE_SUFFIX);
    }

    /** Every stored release, by namespace then name; entries whose names are no release's (temporary files, a stray README) are not releases. */
    public List<ReleaseKey> releases() {
        var keys = new ArrayList<ReleaseKey>();
        for (var namespace : entries(root.resolve("releases"))) {
            if (!Files.isDirectory(namespace)) {
                continue;
            }
            for (var file : entries(namespace)) {
                var name = file.getFileName().toString();
                if (name.endsWith(RELEASE_SUFFIX) && Files.isRegularFile(file)) {
                    key(namespace.getFileName().toString(), name.substring(0, name.length() - RELEASE_SUFFIX.length())).ifPresent(keys::add);
                }
            }
        }
        keys.sort(null);
        return keys;
    }

    /**
     * The release as stored, or empty when there is none.
     *
     * @throws StateRefused when its file is not a state file this horadus reads
     */
    public Optional<StoredRelease> read(ReleaseKey key) {
        var file = releaseFile(key);
        return bytes(file).map(bytes -> parse(key, file, bytes));
    }

    /**
     * Stores {@code release}, replacing its file atomically. The release's lock must be held through
     * this instance: a write without it could undo another process's.
     *
     * @throws StateRefused      when the file there is refused: it is never overwritten
     * @throws IllegalStateException when this process does not hold the release's lock
     */
    public void write(StoredRelease release) {
        var key = release.key();
        synchronized (held) {
            if (!held.containsKey(key)) {
                throw new IllegalStateException("release " + key + " is written without its lock");
            }
        }
        var file = releaseFile(key);
        var content = StateFormat.write(release);
        var existing = bytes(file);
        if (existing.isPresent()) {
            parse(key, file, existing.get());
            if (Arrays.equals(existing.get(), content)) {
                return;
            }
        }
        DurableFiles.replace(file, content);
    }

    /**
     * Takes the right to act on {@code key}'s release, for {@code command} ("apply", "agent").
     *
     * @throws LockHeld when another process, or another command in this one, holds it
     */
    public ReleaseLock lock(ReleaseKey key, String command) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("a lock names the command that holds it");
        }
        synchronized (held) {
            var mine = held.get(key);
            if (mine != null) {
                throw new LockHeld(key, mine.holder());
            }
            var holder = new LockHolder(ProcessHandle.current().pid(), clock.instant().truncatedTo(ChronoUnit.SECONDS), command);
            var file = root.resolve("releases").resolve(key.namespace()).resolve(key.name() + LOCK_SUFFIX);
            var lock = ReleaseLock.take(key, file, holder, () -> forget(key));
            held.put(key, lock);
            return lock;
        }
    }

    /** Whether this process holds {@code key}'s lock through this instance. */
    public boolean holds(ReleaseKey key) {
        synchronized (held) {
            return held.containsKey(key);
        }
    }

    private void forget(ReleaseKey key) {
        synchronized (held) {
            held.remove(key);
        }
    }

    private static StoredRelease parse(ReleaseKey key, Path file, byte[] bytes) {
        var stored = StateFormat.read(file, bytes);
        if (!stored.key().equals(key)) {
            throw new StateRefused(file, "it holds release " + stored.key() + ", not " + key);
        }
        return stored;
    }

    private static Optional<byte[]> bytes(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<ReleaseKey> key(String namespace, String name) {
        try {
            return Optional.of(ReleaseKey.of(namespace, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<Path> entries(Path dir) {
        var entries = new ArrayList<Path>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return entries;
    }
}

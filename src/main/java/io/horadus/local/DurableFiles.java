package io.horadus.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes that survive a crash or a power cut at any moment: a file is either its old content or its
 * new one, never a torn mix, and once {@link #replace} returns the new content is on disk. State,
 * secrets and approvals are private to the user who runs horadus: files are created 0600 and the
 * directories this class creates 0700 (directories that already exist keep their modes: the user chose them).
 */
final class DurableFiles {

    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIRECTORY = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    /** Temporary files start with a dot, so a listing of the state never mistakes one for a release. */
    static final String TEMPORARY_PREFIX = ".";
    static final String TEMPORARY_SUFFIX = ".tmp";

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}: a temporary file beside it, forced to disk, renamed
     * over the target (atomic within one directory), then the directory forced so the rename itself is durable.
     */
    static void replace(Path target, byte[] content) {
        var dir = target.toAbsolutePath().getParent();
        directory(dir);
        Path temporary = null;
        try {
            temporary = Files.createTempFile(dir, TEMPORARY_PREFIX + target.getFileName(), TEMPORARY_SUFFIX, PRIVATE_FILE);
            try (var channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                var buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The write failed already and says so; a leftover temporary file is hidden and harmless.
                }
            }
        }
    }

    /**
     * Makes {@code dir} and its missing parents, each 0700, each made durable in its parent (a file
     * renamed into a directory that a crash forgets is lost with it).
     */
    static Path directory(Path dir) {
        var absolute = dir.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            return dir;
        }
        var parent = absolute.getParent();
        if (parent != null) {
            directory(parent);
        }
        try {
            Files.createDirectory(absolute, PRIVATE_DIRECTORY);
            if (parent != null) {
                forceDirectory(parent);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(absolute)) {
                throw new UncheckedIOException("cannot use " + absolute + ": it exists and is no directory", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + absolute + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /** Forces a directory's entries to disk; some file systems refuse to open a directory, and then the rename is as durable as they make it. */
    private static void forceDirectory(Path dir) {
        try (var channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Tolerated: nothing better can be done on such a file system, and the rename has happened.
        }
    }
}

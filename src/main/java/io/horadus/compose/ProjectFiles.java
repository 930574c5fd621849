package io.horadus.compose;

import io.horadus.release.port.ProjectSecrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a project's files from Secrets into a checkout, before each compose command: mode 0600 from
 * the moment the file exists, the previous file (or link) replaced rather than written through. A
 * repository is not trusted: a path whose folder is a symbolic link leading out of the checkout, or
 * whose file is a link, must not make the operator write a secret (or create a folder) elsewhere.
 */
final class ProjectFiles {

    private static final Set<java.nio.file.attribute.PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ProjectFiles() {
    }

    /** @throws UncheckedIOException when a file cannot be written where the spec says */
    static void write(Path checkout, ProjectSecrets secrets) {
        if (secrets.files().isEmpty()) {
            return;
        }
        try {
            var root = checkout.toRealPath();
            for (var file : secrets.files()) {
                write(root, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the files from Secrets into the checkout", e);
        }
    }

    private static void write(Path root, ProjectSecrets.File file) throws IOException {
        var relative = Path.of(file.path()).normalize();
        var target = root.resolve(relative);
        if (!target.startsWith(root) || relative.getNameCount() == 0) {
            throw new IOException(file.path() + " is not a path inside the checkout");
        }
        // Folder by folder, before anything is created: a folder that is a link (which may lead out
        // of the checkout) is refused rather than followed, so nothing is made or written outside.
        var parent = root;
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            parent = parent.resolve(relative.getName(i));
            if (Files.isSymbolicLink(parent)) {
                throw new IOException(file.path() + " leads out of the checkout (a symbolic link in the repository)");
            }
            if (!Files.exists(parent, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(parent);
            } else if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(file.path() + ": " + relative.subpath(0, i + 1) + " is not a folder");
            }
        }
        // Written beside the target and moved over it: the target, even a link placed by the
        // repository, is replaced, never followed, and no reader sees half a file.
        var temporary = Files.createTempFile(parent, ".horadus-", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            Files.write(temporary, file.content(), StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        if (Files.isSymbolicLink(target) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file.path() + " is not a regular file after writing it");
        }
    }
}

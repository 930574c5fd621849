package io.horadus.source;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes secret material to disk where only the operator's user can read it: a 0700 directory of
 * 0600 files, each created with its permissions (never widened, then narrowed). Expects a POSIX
 * file system; an IOException means the file could not be written and nothing was left readable by
 * others.
 */
final class PrivateFiles {

    private final Path dir;

    PrivateFiles(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    Path dir() {
        return dir;
    }

    /** Replaces {@code name} in the directory with {@code content}, mode 0600. */
    Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
        return file;
    }

    void deleteAll() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}

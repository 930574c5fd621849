package io.horadus.compose;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A tar of a checkout, for the Docker API (a build context, or files copied into a container): every
 * file but {@code .git}, with its permission bits (scripts stay executable) and symlinks as symlinks.
 * Written to a temp file rather than held in memory: a checkout can be tens of megabytes. The caller
 * deletes the file ({@link #close}).
 */
final class CheckoutArchive implements AutoCloseable {

    private final Path file;

    private CheckoutArchive(Path file) {
        this.file = file;
    }

    /**
     * Archives {@code checkout} with its entries under {@code prefix} ("" for the archive's root, or a
     * path like {@code src} whose directory entry is then written too).
     */
    static CheckoutArchive of(Path checkout, String prefix, Path tempDir) throws IOException {
        Files.createDirectories(tempDir);
        Path file = Files.createTempFile(tempDir, "horadus-gate-", ".tar");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            String root = prefix.isEmpty() ? "" : prefix + "/";
            Files.walkFileTree(checkout, new Writer(checkout, root, tar));
            tar.finish();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new CheckoutArchive(file);
    }

    Path file() {
        return file;
    }

    long size() throws IOException {
        return Files.size(file);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Walks without following symlinks, so a link to outside the checkout is sent as a link, not as its target. */
    private static final class Writer extends SimpleFileVisitor<Path> {
        private final Path checkout;
        private final String root;
        private final TarArchiveOutputStream tar;

        Writer(Path checkout, String root, TarArchiveOutputStream tar) {
            this.checkout = checkout;
            this.root = root;
            this.tar = tar;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(checkout)) {
                if (!root.isEmpty()) {
                    put(new TarArchiveEntry(root), dir);
                }
                return FileVisitResult.CONTINUE;
            }
            if (dir.getFileName().toString().equals(".git") && dir.getParent().equals(checkout)) {
                return FileVisitResult.SKIP_SUBTREE;
            }
            put(new TarArchiveEntry(name(dir) + "/"), dir);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) throws IOException {
            if (path.getParent().equals(checkout) && path.getFileName().toString().equals(".git")) {
                // a worktree's .git file pointing at its repository: no more wanted than the directory
                return FileVisitResult.CONTINUE;
            }
            if (attrs.isSymbolicLink()) {
                TarArchiveEntry link = new TarArchiveEntry(name(path), TarConstants.LF_SYMLINK);
                link.setLinkName(Files.readSymbolicLink(path).toString());
                link.setMode(0120777);
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            } else if (attrs.isRegularFile()) {
                TarArchiveEntry entry = new TarArchiveEntry(name(path));
                entry.setSize(attrs.size());
                put(entry, path);
            }
            // sockets, fifos and devices have no place in a checkout: left out
            return FileVisitResult.CONTINUE;
        }

        private void put(TarArchiveEntry entry, Path path) throws IOException {
            int type = entry.isDirectory() ? 040000 : 0100000;
            entry.setMode(type | mode(path));
            entry.setModTime(Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS));
            tar.putArchiveEntry(entry);
            if (!entry.isDirectory()) {
                Files.copy(path, tar);
            }
            tar.closeArchiveEntry();
        }

        private String name(Path path) {
            return root + checkout.relativize(path).toString().replace('\\', '/');
        }
    }

    private static int mode(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}

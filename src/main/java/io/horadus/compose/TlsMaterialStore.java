package io.horadus.compose;

import io.horadus.release.port.DockerTls;
import io.horadus.release.port.HostUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts Docker TLS material where the docker CLI and docker-java expect it: a private directory with
 * ca.pem, cert.pem and key.pem. One directory per distinct material, named by its SHA-256 so the name
 * reveals nothing and the same material is written once and reused.
 */
public final class TlsMaterialStore {

    static final String CA = "ca.pem";
    static final String CERT = "cert.pem";
    static final String KEY = "key.pem";

    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    private final Path root;

    /** @param root the directory under which material directories are created (created 0700 if missing) */
    public TlsMaterialStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    /**
     * DOCKER_CERT_PATH for an endpoint: the material's directory, or null when the endpoint has no TLS.
     *
     * @throws HostUnavailableException when the material cannot be written: the host cannot be reached
     */
    public Path certPath(String dockerHost, DockerTls tls) {
        if (tls == null) {
            return null;
        }
        try {
            return directoryFor(tls);
        } catch (UncheckedIOException e) {
            throw new HostUnavailableException("could not prepare TLS material for " + DockerClients.describe(dockerHost), e);
        }
    }

    /**
     * The directory holding this material, written now if it is not there yet.
     *
     * @throws UncheckedIOException when the files cannot be written; the message names paths only
     */
    public Path directoryFor(DockerTls tls) {
        Path dir = root.resolve(digest(tls));
        if (complete(dir)) {
            return dir;
        }
        try {
            Files.createDirectories(root, dirMode());
            // Written aside and renamed into place, so a reader (or a concurrent writer) never sees a
            // half-written directory.
            Path staging = Files.createTempDirectory(root, ".staging-", dirMode());
            try {
                write(staging.resolve(CA), tls.caPem());
                write(staging.resolve(CERT), tls.certPem());
                write(staging.resolve(KEY), tls.keyPem());
                moveIntoPlace(staging, dir);
            } finally {
                deleteIfPresent(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write TLS material under " + root, e);
        }
        return dir;
    }

    private static void moveIntoPlace(Path staging, Path dir) throws IOException {
        try {
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Another writer may have won the race with the same material: theirs is as good as ours.
            if (!complete(dir)) {
                throw e;
            }
        }
    }

    private static boolean complete(Path dir) {
        return Files.isRegularFile(dir.resolve(CA)) && Files.isRegularFile(dir.resolve(CERT))
                && Files.isRegularFile(dir.resolve(KEY));
    }

    private static void write(Path file, String pem) throws IOException {
        if (pem == null || pem.isBlank()) {
            throw new IOException("empty TLS material for " + file.getFileName());
        }
        // Created with 0600 from the start, never briefly readable by others.
        Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE_MODE));
        Files.writeString(file, pem, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void deleteIfPresent(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }

    private static FileAttribute<Set<PosixFilePermission>> dirMode() {
        return PosixFilePermissions.asFileAttribute(DIR_MODE);
    }

    // Length-prefixed parts, so moving bytes from one PEM to the next cannot give the same digest.
    static String digest(DockerTls tls) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[]{tls.caPem(), tls.certPem(), tls.keyPem()}) {
                byte[] bytes = part == null ? new byte[0] : part.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "TlsMaterialStore[" + root + "]";
    }
}

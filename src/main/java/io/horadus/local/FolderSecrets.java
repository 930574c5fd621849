package io.horadus.local;

import io.horadus.api.FieldRules;
import io.horadus.release.port.SecretRefusedException;
import io.horadus.release.port.SecretStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Secrets as folders, laid out as Kubernetes mounts a Secret as a volume, so the same files serve
 * both: {@code <root>/NAME/KEY}, one regular file (or a symlink to one) per key, its bytes the value.
 * Entries whose names begin with '.' are the kubelet's bookkeeping ({@code ..data}, its timestamped
 * folders) and are no keys; subfolders are ignored. The namespace is no part of the path: the state
 * directory belongs to one user, and every release in it shares its secrets.
 *
 * <p>As ssh refuses a private key others can read, a key file whose mode lets group or others in at
 * all is refused ({@link SecretRefusedException}, which the driver reports as SecretInvalid, running nothing).
 */
public final class FolderSecrets implements SecretStore {

    /** A Secret holds at most 1 MiB; a bigger file is no secret but a mistake, and is not read into memory. */
    private static final long MAX_BYTES = 1024 * 1024;
    private static final Pattern SECRET_NAME = Pattern.compile(FieldRules.OBJECT_NAME);
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path root;

    /** @param root the secrets folder ({@link StateDirectory#secrets()}) */
    public FolderSecrets(Path root) {
        this.root = root;
    }

    /**
     * @throws SecretRefusedException a key file others can read, a name that is no Secret's, a folder that is a file
     * @throws UncheckedIOException   a file that cannot be read (the pass is retried)
     */
    @Override
    public Optional<Map<String, byte[]>> read(String namespace, String name) {
        if (name == null || name.length() > FieldRules.OBJECT_NAME_MAX || !SECRET_NAME.matcher(name).matches()) {
            throw new SecretRefusedException("Secret name '" + name + "' is not a Kubernetes object name, so no folder under " + root + " is read for it");
        }
        var folder = root.resolve(name);
        if (!Files.exists(folder)) {
            return Optional.empty();
        }
        if (!Files.isDirectory(folder)) {
            throw new SecretRefusedException("Secret " + name + ": " + folder + " is not a folder (a secret is a folder with one file per key)");
        }
        var data = new HashMap<String, byte[]>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (var entry : entries) {
                var key = entry.getFileName().toString();
                // Following symlinks, as a mounted Secret's keys are links into ..data.
                if (key.startsWith(".") || !Files.isRegularFile(entry)) {
                    continue;
                }
                data.put(key, value(name, key, entry));
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Secret " + name + " in " + folder + ": " + e.getMessage(), e);
        }
        return Optional.of(data);
    }

    private static byte[] value(String name, String key, Path file) throws IOException {
        var permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new SecretRefusedException("Secret " + name + " key '" + key + "': " + file + " is open to group or others (mode "
                    + mode(permissions) + "); a secret must be private to you: chmod 600 " + file);
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new SecretRefusedException("Secret " + name + " key '" + key + "': " + file + " is larger than a Secret may be (1 MiB)");
        }
        return Files.readAllBytes(file);
    }

    /** Octal, as ls and chmod speak: "0644". */
    private static String mode(Set<PosixFilePermission> permissions) {
        var symbolic = PosixFilePermissions.toString(permissions);
        int mode = 0;
        for (int i = 0; i < symbolic.length(); i++) {
            mode = mode << 1 | (symbolic.charAt(i) == '-' ? 0 : 1);
        }
        return String.format("0%03o", mode);
    }
}

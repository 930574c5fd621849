package io.horadus.local;

import io.horadus.release.port.SecretRefusedException;
import io.horadus.release.secrets.SecretMaterial;
import io.horadus.release.secrets.SecretProblem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets as folders of key files, laid out as Kubernetes mounts a Secret, and refused when others can read them. */
class FolderSecretsTest {

    @TempDir
    Path secrets;

    @Test
    @DisplayName("each regular file is a key, its bytes the value; dot entries and subfolders are no keys")
    void readsKeys() throws IOException {
        var folder = Files.createDirectories(secrets.resolve("git-credentials"));
        key(folder, "username", "horadus-bot".getBytes(StandardCharsets.UTF_8));
        key(folder, "token", new byte[]{0, (byte) 0xff, 'x', '\n'});
        key(folder, ".hidden", "not a key".getBytes(StandardCharsets.UTF_8));
        Files.createDirectories(folder.resolve("nested"));
        key(folder.resolve("nested"), "deeper", "not a key".getBytes(StandardCharsets.UTF_8));

        var read = new FolderSecrets(secrets).read("default", "git-credentials").orElseThrow();

        assertThat(read).containsOnlyKeys("username", "token");
        assertThat(read.get("token")).containsExactly(0, (byte) 0xff, 'x', '\n');
        assertThat(new String(read.get("username"), StandardCharsets.UTF_8)).isEqualTo("horadus-bot");
    }

    @Test
    @DisplayName("a Secret mounted by the kubelet: keys are symlinks through ..data into a timestamped folder, read through them")
    void kubeletLayout() throws IOException {
        var folder = Files.createDirectories(secrets.resolve("app-env"));
        var timestamped = Files.createDirectories(folder.resolve("..2026_12_05_10_00_00.123456789"));
        key(timestamped, "DATABASE_URL", "postgres://db/horadus".getBytes(StandardCharsets.UTF_8));
        key(timestamped, "API_KEY", "k".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(folder.resolve("..data"), Path.of(timestamped.getFileName().toString()));
        Files.createSymbolicLink(folder.resolve("DATABASE_URL"), Path.of("..data/DATABASE_URL"));
        Files.createSymbolicLink(folder.resolve("API_KEY"), Path.of("..data/API_KEY"));

        var read = new FolderSecrets(secrets).read("prod", "app-env").orElseThrow();

        assertThat(read).containsOnlyKeys("DATABASE_URL", "API_KEY");
        assertThat(new String(read.get("DATABASE_URL"), StandardCharsets.UTF_8)).isEqualTo("postgres://db/horadus");
    }

    @Test
    @DisplayName("a key file others can read is refused, as ssh refuses such a private key, saying chmod 600")
    void openFileRefused() throws IOException {
        var folder = Files.createDirectories(secrets.resolve("git-credentials"));
        key(folder, "username", "horadus-bot".getBytes(StandardCharsets.UTF_8));
        var token = key(folder, "token", "s3cr3t".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new FolderSecrets(secrets).read("default", "git-credentials")).isInstanceOf(SecretRefusedException.class)
                .hasMessage("Secret git-credentials key 'token': " + token + " is open to group or others (mode 0644);"
                        + " a secret must be private to you: chmod 600 " + token)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    @DisplayName("the mode judged is the linked file's: a private link to an open file is refused")
    void linkTargetJudged() throws IOException {
        var folder = Files.createDirectories(secrets.resolve("tls"));
        var open = key(Files.createDirectories(secrets.resolve("elsewhere")), "key.pem", "-----".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(folder.resolve("key.pem"), open);

        assertThatThrownBy(() -> new FolderSecrets(secrets).read("default", "tls")).isInstanceOf(SecretRefusedException.class)
                .hasMessageContaining("(mode 0640)").hasMessageContaining("chmod 600 " + folder.resolve("key.pem"));
    }

    @Test
    @DisplayName("the engine reports a refused key file as a bad secret (SecretInvalid) with the store's words")
    void refusalReachesTheEngine() throws IOException {
        var folder = Files.createDirectories(secrets.resolve("git-credentials"));
        var token = key(folder, "token", "s3cr3t".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-rw----"));
        var spec = Releases.spec("v1.4.2");

        assertThatThrownBy(() -> SecretMaterial.read(spec, "default", new FolderSecrets(secrets))).isInstanceOf(SecretProblem.class)
                .hasMessage("Secret git-credentials key 'token': " + token + " is open to group or others (mode 0660);"
                        + " a secret must be private to you: chmod 600 " + token);
    }

    @Test
    @DisplayName("no folder: no such secret; a name that is no Secret's is refused before any path is built from it")
    void missingAndBadNames() throws IOException {
        assertThat(new FolderSecrets(secrets).read("default", "absent")).isEmpty();
        assertThat(new FolderSecrets(secrets.resolve("no-secrets-yet")).read("default", "absent")).isEmpty();
        assertThatThrownBy(() -> new FolderSecrets(secrets).read("default", "../../etc")).isInstanceOf(SecretRefusedException.class)
                .hasMessageStartingWith("Secret name '../../etc' is not a Kubernetes object name");
        Files.writeString(secrets.resolve("flat"), "x");
        assertThatThrownBy(() -> new FolderSecrets(secrets).read("default", "flat")).isInstanceOf(SecretRefusedException.class)
                .hasMessageContaining("is not a folder");
        Files.createDirectories(secrets.resolve("empty"));
        assertThat(new FolderSecrets(secrets).read("default", "empty")).contains(Map.of());
    }

    private static Path key(Path folder, String name, byte[] value) throws IOException {
        var file = folder.resolve(name);
        Files.write(file, value);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }
}

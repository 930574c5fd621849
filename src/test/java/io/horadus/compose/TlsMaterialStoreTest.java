package io.horadus.compose;

import io.horadus.release.port.DockerTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** TLS material for a Docker endpoint lands in private files, once per distinct material, named by no secret. */
class TlsMaterialStoreTest {

    private static final DockerTls TLS = new DockerTls("-----CA-----", "-----CERT-----", "-----SECRET KEY-----");

    @TempDir
    Path root;

    @Test
    void writesPrivateFilesAndReusesThem() throws Exception {
        var store = new TlsMaterialStore(root);

        var dir = store.directoryFor(TLS);

        assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo("-----CA-----");
        assertThat(Files.readString(dir.resolve("cert.pem"))).isEqualTo("-----CERT-----");
        assertThat(Files.readString(dir.resolve("key.pem"))).isEqualTo("-----SECRET KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("key.pem")))).isEqualTo("rw-------");
        assertThat(dir.getFileName().toString()).doesNotContain("SECRET");
        assertThat(store.directoryFor(TLS)).isEqualTo(dir);
        assertThat(store.directoryFor(new DockerTls("-----CA-----", "-----CERT-----", "-----OTHER KEY-----"))).isNotEqualTo(dir);
    }

    @Test
    void toStringNeverShowsTheMaterial() {
        assertThat(TLS.toString()).doesNotContain("SECRET").doesNotContain("CERT");
    }
}

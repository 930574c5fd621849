package io.horadus.compose;

import io.horadus.release.port.ProjectSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProjectFilesTest {

    @TempDir
    Path checkout;

    @TempDir
    Path elsewhere;

    private static ProjectSecrets files(String... pathsAndContents) {
        var files = new java.util.ArrayList<ProjectSecrets.File>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.add(new ProjectSecrets.File(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return new ProjectSecrets(files, Map.of());
    }

    @Test
    void writesEachFileOwnerOnlyAndOverwritesTheLastOne() throws Exception {
        Files.writeString(checkout.resolve(".env"), "OLD=1\n");

        ProjectFiles.write(checkout, files(".env", "DB_PASSWORD=s3cret\n", "config/prod.env", "API_KEY=k\n"));

        assertThat(Files.readString(checkout.resolve(".env"))).isEqualTo("DB_PASSWORD=s3cret\n");
        assertThat(Files.readString(checkout.resolve("config/prod.env"))).isEqualTo("API_KEY=k\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(checkout.resolve(".env")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(checkout.resolve("config/prod.env")))).isEqualTo("rw-------");
        try (var left = Files.list(checkout)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(".env", "config");
        }
    }

    @Test
    void replacesALinkTheRepositoryPlacedInsteadOfWritingThroughIt() throws Exception {
        var victim = elsewhere.resolve("victim");
        Files.writeString(victim, "untouched");
        Files.createSymbolicLink(checkout.resolve(".env"), victim);

        ProjectFiles.write(checkout, files(".env", "DB_PASSWORD=s3cret\n"));

        assertThat(Files.readString(victim)).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(checkout.resolve(".env"))).isFalse();
        assertThat(Files.isRegularFile(checkout.resolve(".env"), LinkOption.NOFOLLOW_LINKS)).isTrue();
    }

    @Test
    void refusesAFolderThatIsALinkOutOfTheCheckout() throws Exception {
        Files.createSymbolicLink(checkout.resolve("config"), elsewhere);

        assertThatThrownBy(() -> ProjectFiles.write(checkout, files("config/.env", "DB_PASSWORD=s3cret\n")))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("config/.env leads out of the checkout (a symbolic link in the repository)");
        try (var outside = Files.list(elsewhere)) {
            assertThat(outside.toList()).isEmpty();
        }
    }

    @Test
    void createsNoFolderBeyondALinkedFolder() throws Exception {
        Files.createSymbolicLink(checkout.resolve("config"), elsewhere);

        assertThatThrownBy(() -> ProjectFiles.write(checkout, files("config/deep/.env", "DB_PASSWORD=s3cret\n")))
                .isInstanceOf(UncheckedIOException.class);
        try (var outside = Files.list(elsewhere)) {
            assertThat(outside.toList()).as("no folder made outside the checkout").isEmpty();
        }
    }

    @Test
    void writesNothingWithoutFiles() throws Exception {
        ProjectFiles.write(checkout, new ProjectSecrets(List.of(), Map.of("A", "b")));
        try (var left = Files.list(checkout)) {
            assertThat(left.toList()).isEmpty();
        }
    }
}

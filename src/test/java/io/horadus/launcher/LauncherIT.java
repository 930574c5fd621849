package io.horadus.launcher;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./horadus} launcher, run as a person runs it: by its path from another directory. It runs in
 * a copy of the repository (the files git knows, and the packaged application), so the rebuild it does
 * never rewrites the classes and the jar this build's other tests are using.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {

    private static final String JAR = "target/quarkus-app/quarkus-run.jar";
    private static final String ARCHIVE = "target/horadus-cli.jsa";

    private Path root;
    private Path copy;
    private Path elsewhere;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    void copyRepository() throws Exception {
        Path repository = Path.of("").toAbsolutePath();
        assertThat(repository.resolve(JAR)).as("packaged before the integration tests").exists();
        Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        root = Files.createTempDirectory(tmp, "launcher-it-");
        copy = root.resolve("repo");
        elsewhere = Files.createDirectories(root.resolve("elsewhere"));
        Process list = new ProcessBuilder("git", "ls-files", "-co", "--exclude-standard", "-z").directory(repository.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String files = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor()).isZero();
        for (String file : files.split("\0")) {
            if (!file.isEmpty() && Files.isRegularFile(repository.resolve(file))) {
                copy(repository.resolve(file), copy.resolve(file));
            }
        }
        try (Stream<Path> app = Files.walk(repository.resolve("target/quarkus-app"))) {
            for (Path p : app.filter(Files::isRegularFile).toList()) {
                copy(p, copy.resolve(repository.relativize(p)));
            }
        }
        // Built from these sources, whatever their times say after the copy.
        Files.setLastModifiedTime(copy.resolve(JAR), FileTime.from(Instant.now()));
    }

    @AfterAll
    void removeCopy() throws IOException {
        if (root == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    @Order(1)
    void aCurrentJarRunsWithoutABuildFromAnyDirectory() throws Exception {
        Run run = horadus("--version");

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout()).startsWith("horadus ");
        assertThat(run.stderr()).doesNotContain("building");
        assertThat(copy.resolve(ARCHIVE)).as("the class archive made for the short commands").isNotEmptyFile();
    }

    @Test
    @Order(2)
    void theShortCommandsMapTheClassesOfTheArchive() throws Exception {
        Path classes = root.resolve("classes.log");

        Run run = horadus(Map.of("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classes), "apply", "--dry-run", "-f",
                copy.resolve("examples/release.yaml").toString());

        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdout()).contains("would release v1.0.0");
        assertThat(Files.readAllLines(classes)).as("the manifest check's classes, mapped from the archive, not loaded from the jar")
                .anySatisfy(line -> assertThat(line).contains("io.horadus.manifest.ManifestCheck source: shared objects file"))
                .anySatisfy(line -> assertThat(line).contains("dev.cel.").contains("source: shared objects file"));
    }

    @Test
    @Order(3)
    void aSourceNewerThanTheJarIsBuiltOnceAndThenRun() throws Exception {
        Path source = copy.resolve("src/main/java/io/horadus/cli/Version.java");
        FileTime jarBefore = Files.getLastModifiedTime(copy.resolve(JAR));
        Files.setLastModifiedTime(source, FileTime.from(jarBefore.toInstant().plusSeconds(2)));

        Run rebuilt = horadus("--version");

        assertThat(rebuilt.exitCode()).as("%s", rebuilt).isZero();
        assertThat(rebuilt.stderr()).contains("horadus: building the application (./mvnw package), because "
                + "src/main/java/io/horadus/cli/Version.java is newer than " + JAR);
        assertThat(rebuilt.stdout()).startsWith("horadus ");
        assertThat(Files.getLastModifiedTime(copy.resolve(JAR))).isGreaterThan(Files.getLastModifiedTime(source));

        Run again = horadus("--version");
        assertThat(again.exitCode()).as("%s", again).isZero();
        assertThat(again.stderr()).as("built once").doesNotContain("building");
        assertThat(Files.getLastModifiedTime(copy.resolve(ARCHIVE))).as("the class archive made again for the new jar")
                .isGreaterThanOrEqualTo(Files.getLastModifiedTime(copy.resolve(JAR)));
    }

    private Run horadus(String... args) throws Exception {
        return horadus(Map.of(), args);
    }

    private Run horadus(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(copy.resolve("horadus").toString()));
        argv.addAll(List.of(args));
        var builder = new ProcessBuilder(argv).directory(elsewhere.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        var stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        var stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("horadus " + String.join(" ", args) + " did not finish: " + stderr.getNow(""));
        }
        return new Run(process.exitValue(), stdout.get(), stderr.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
    }
}

package io.horadus.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HoradusRelease under examples/ is taken as it is by {@code horadus apply --dry-run} (the real API
 * server's side is ManifestCheckIT), and a bad one is refused with the server's words, recording nothing.
 */
class ExamplesTest {

    @TempDir
    Path state;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void everyReleaseExampleIsAcceptedAsItIs() throws Exception {
        try (var files = Files.list(Path.of("examples"))) {
            var releases = files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> read(f).contains("kind: HoradusRelease")).sorted().toList();
            assertThat(releases).hasSizeGreaterThanOrEqualTo(2);
            for (var file : releases) {
                assertThat(horadus("apply", "--dry-run", "-f", file.toString(), "--state", state.toString()))
                        .as("%s: %s", file, err.toString(StandardCharsets.UTF_8)).isZero();
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("horadusrelease/horadus (horadus) checked: would release v1.0.0 (dry run)");
        assertThat(state.resolve("releases")).doesNotExist();
    }

    @Test
    void aBadManifestIsRefusedWithTheServersWordsAndNothingIsRecorded() throws Exception {
        var manifest = state.resolve("bad.yaml");
        Files.writeString(manifest, read(Path.of("examples", "release.yaml")).replace("tag: v1.0.0", "tag: latest"));

        assertThat(horadus("apply", "-f", manifest.toString(), "--state", state.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("The HoradusRelease \"horadus\" is invalid: spec.tag: Invalid value: \"latest\"");
        assertThat(state.resolve("releases")).doesNotExist();
    }

    private int horadus(String... args) {
        var console = new Console(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), Clock.systemUTC());
        return Horadus.run(console, args);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

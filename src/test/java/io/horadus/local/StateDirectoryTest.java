package io.horadus.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The release files of a state directory: what they hold, how they are written, and which ones are refused. */
class StateDirectoryTest {

    @TempDir
    Path temp;

    @Test
    @DisplayName("a release with its status reads back equal, and writes back byte for byte")
    void roundTrip() throws IOException {
        var state = new StateDirectory(temp.resolve("state"));
        var release = Releases.upgraded();
        write(state, release);
        var file = state.releaseFile(Releases.KEY);
        var written = Files.readAllBytes(file);

        var read = state.read(Releases.KEY).orElseThrow();

        assertThat(read).isEqualTo(release);
        assertThat(read.revision()).isEqualTo(2);
        assertThat(read.status().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .containsExactly("Ready=True", "Reconciling=False", "Stalled=False");
        assertThat(read.status().getHistory()).hasSize(2);
        var again = new StateDirectory(temp.resolve("again"));
        write(again, read);
        assertThat(Files.readAllBytes(again.releaseFile(Releases.KEY))).isEqualTo(written);
        assertThat(file).as("state/releases/NAMESPACE/NAME.json").isEqualTo(temp.resolve("state/releases/default/horadus.json"));
    }

    @Test
    @DisplayName("the file is the format envelope around the HoradusRelease, its status exactly the CRD's status JSON")
    void fileShape() throws IOException {
        var state = new StateDirectory(temp);
        write(state, Releases.upgraded());

        var file = new ObjectMapper().readTree(state.releaseFile(Releases.KEY).toFile());

        assertThat(file.get("format").asText()).isEqualTo("horadus.io/state/v1");
        var release = file.get("release");
        assertThat(release.get("apiVersion").asText()).isEqualTo("horadus.io/v1alpha1");
        assertThat(release.get("kind").asText()).isEqualTo("HoradusRelease");
        assertThat(release.at("/metadata/name").asText()).isEqualTo("horadus");
        assertThat(release.at("/metadata/namespace").asText()).isEqualTo("default");
        assertThat(release.at("/metadata/generation").asLong()).isEqualTo(2);
        assertThat(release.at("/spec/tag").asText()).isEqualTo("v1.4.2");
        assertThat(release.at("/spec/verify/metrics/0/ratio/max").asDouble()).isEqualTo(0.05);
        assertThat(new ObjectMapper().writeValueAsString(release.get("status"))).isEqualTo(ReleaseJson.write(Releases.status()));
    }

    @Test
    @DisplayName("files are 0600 and the directories made for them 0700; a write leaves no temporary file behind")
    void privateAndClean() throws IOException {
        var root = temp.resolve("state");
        var state = new StateDirectory(root);
        try (var lock = state.lock(Releases.KEY, "apply")) {
            var release = Releases.upgraded();
            for (int i = 0; i < 5; i++) {
                release = release.withStatus(status(Phase.values()[i]));
                state.write(release);
            }
        }

        try (Stream<Path> files = Files.list(root.resolve("releases/default"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("horadus.json", "horadus.lock");
        }
        assertThat(mode(state.releaseFile(Releases.KEY))).isEqualTo("rw-------");
        assertThat(mode(root)).isEqualTo("rwx------");
        assertThat(mode(root.resolve("releases"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("releases/default"))).isEqualTo("rwx------");
        assertThat(state.read(Releases.KEY).orElseThrow().status().getPhase()).isEqualTo(Phase.values()[4]);
    }

    @Test
    @DisplayName("a file that is not JSON is refused, on read and on write, and its bytes stay as they were")
    void corruptRefused() throws IOException {
        var state = new StateDirectory(temp);
        var file = state.releaseFile(Releases.KEY);
        Files.createDirectories(file.getParent());
        var corrupt = "{\"format\": \"horadus.io/state/v1\", \"release\": {\"kind\": ".getBytes(StandardCharsets.UTF_8);
        Files.write(file, corrupt);

        assertThatThrownBy(() -> state.read(Releases.KEY)).isInstanceOf(StateRefused.class)
                .hasMessageStartingWith(file + ": not valid JSON (")
                .hasMessageEndingWith("; the file was left untouched");
        assertRefusedWrite(state, file, corrupt);
    }

    @Test
    @DisplayName("a file of an unknown format (a newer horadus wrote it) is refused and never overwritten")
    void unknownFormatRefused() throws IOException {
        var state = new StateDirectory(temp);
        write(state, Releases.upgraded());
        var file = state.releaseFile(Releases.KEY);
        var newer = Files.readString(file).replace("horadus.io/state/v1", "horadus.io/state/v9").getBytes(StandardCharsets.UTF_8);
        Files.write(file, newer);

        assertThatThrownBy(() -> state.read(Releases.KEY)).isInstanceOf(StateRefused.class)
                .hasMessage(file + ": unknown format \"horadus.io/state/v9\" (this horadus reads horadus.io/state/v1; a newer horadus may have written it);"
                        + " the file was left untouched");
        assertRefusedWrite(state, file, newer);
    }

    @Test
    @DisplayName("a file without a format is not a state file: refused")
    void missingFormatRefused() throws IOException {
        var state = new StateDirectory(temp);
        write(state, Releases.upgraded());
        var file = state.releaseFile(Releases.KEY);
        var bare = new ObjectMapper().writeValueAsBytes(new ObjectMapper().readTree(file.toFile()).get("release"));
        Files.write(file, bare);

        assertThatThrownBy(() -> state.read(Releases.KEY)).isInstanceOf(StateRefused.class)
                .hasMessageContaining("no \"format\" field");
        assertRefusedWrite(state, file, bare);
    }

    @Test
    @DisplayName("with the known format, a spec field this version does not know is refused, not dropped on the next write")
    void unknownSpecFieldRefused() throws IOException {
        var state = new StateDirectory(temp);
        write(state, Releases.upgraded());
        var file = state.releaseFile(Releases.KEY);
        var extended = Files.readString(file).replace("\"tag\" : \"v1.4.2\",", "\"tag\" : \"v1.4.2\", \"canary\" : {\"percent\" : 10},")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(new String(extended, StandardCharsets.UTF_8)).contains("canary");
        Files.write(file, extended);

        assertThatThrownBy(() -> state.read(Releases.KEY)).isInstanceOf(StateRefused.class)
                .hasMessageContaining("Unrecognized field \"canary\"");
        assertRefusedWrite(state, file, extended);
    }

    @Test
    @DisplayName("a file whose release names another release than its path is refused")
    void misplacedRefused() throws IOException {
        var state = new StateDirectory(temp);
        write(state, Releases.upgraded());
        var other = ReleaseKey.of("default", "other");
        Files.createDirectories(state.releaseFile(other).getParent());
        Files.copy(state.releaseFile(Releases.KEY), state.releaseFile(other));

        assertThatThrownBy(() -> state.read(other)).isInstanceOf(StateRefused.class)
                .hasMessageContaining("it holds release default/horadus, not default/other");
    }

    @Test
    @DisplayName("the generation is the spec's revision: it grows when the spec changes, and only then")
    void generation() {
        var created = StoredRelease.create(Releases.KEY, Releases.spec("v1.0.0"), Releases.CREATED);
        assertThat(created.revision()).isEqualTo(1);

        assertThat(created.withSpec(Releases.spec("v1.0.0")).revision()).as("the same manifest applied again").isEqualTo(1);
        var changed = created.withSpec(Releases.spec("v1.1.0"));
        assertThat(changed.revision()).isEqualTo(2);
        assertThat(changed.spec().getTag()).isEqualTo("v1.1.0");
        assertThat(changed.withStatus(status(Phase.Ready)).revision()).as("a status change").isEqualTo(2);
        assertThat(changed.withAnnotation("horadus.io/retry", "1").revision()).as("an annotation").isEqualTo(2);
        assertThat(changed.withAnnotation("horadus.io/retry", "1").annotations()).containsExactly(Map.entry("horadus.io/retry", "1"));
    }

    @Test
    @DisplayName("a stored release hands out copies: changing what it returned changes nothing stored")
    void copies() {
        var release = Releases.upgraded();
        release.spec().setTag("v9.9.9");
        release.status().setPhase(Phase.Failed);
        release.release().getMetadata().setGeneration(7L);

        assertThat(release.spec().getTag()).isEqualTo("v1.4.2");
        assertThat(release.status().getPhase()).isEqualTo(Phase.Ready);
        assertThat(release.revision()).isEqualTo(2);
    }

    @Test
    @DisplayName("releases are listed by namespace then name; what is no release's file is not listed")
    void listing() throws IOException {
        var state = new StateDirectory(temp);
        for (var key : new String[]{"prod/web", "default/horadus", "default/api", "prod/api"}) {
            write(state, StoredRelease.create(ReleaseKey.parse(key), Releases.spec("v1.0.0"), Releases.CREATED));
        }
        Files.writeString(temp.resolve("releases/default/README.txt"), "notes");
        Files.writeString(temp.resolve("releases/default/.horadus.json.123.tmp"), "{");
        Files.createDirectories(temp.resolve("releases/Not_A_Namespace"));
        Files.writeString(temp.resolve("releases/Not_A_Namespace/x.json"), "{}");

        assertThat(state.releases()).extracting(ReleaseKey::toString)
                .containsExactly("default/api", "default/horadus", "prod/api", "prod/web");
        assertThat(new StateDirectory(temp.resolve("nothing-yet")).releases()).isEmpty();
        assertThat(new StateDirectory(temp.resolve("nothing-yet")).read(Releases.KEY)).isEmpty();
    }

    @Test
    @DisplayName("a write without the release's lock is refused: it could undo another process's write")
    void writeNeedsLock() {
        var state = new StateDirectory(temp);

        assertThatThrownBy(() -> state.write(Releases.upgraded())).isInstanceOf(IllegalStateException.class)
                .hasMessage("release default/horadus is written without its lock");
        assertThat(state.releaseFile(Releases.KEY)).doesNotExist();
    }

    @Test
    @DisplayName("the default state: $HORADUS_STATE, else $XDG_STATE_HOME/horadus, else ~/.local/state/horadus")
    void defaultRoot() {
        assertThat(StateDirectory.defaultRoot(Map.of("HORADUS_STATE", "/srv/horadus", "XDG_STATE_HOME", "/x", "HOME", "/home/ops")))
                .isEqualTo(Path.of("/srv/horadus"));
        assertThat(StateDirectory.defaultRoot(Map.of("XDG_STATE_HOME", "/var/state", "HOME", "/home/ops")))
                .isEqualTo(Path.of("/var/state/horadus"));
        assertThat(StateDirectory.defaultRoot(Map.of("XDG_STATE_HOME", "relative", "HOME", "/home/ops")))
                .as("a relative XDG_STATE_HOME is ignored, as the XDG specification says").isEqualTo(Path.of("/home/ops/.local/state/horadus"));
        assertThat(StateDirectory.defaultRoot(Map.of("HOME", "/home/ops"))).isEqualTo(Path.of("/home/ops/.local/state/horadus"));
        assertThat(StateDirectory.defaultRoot(Map.of())).isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/horadus"));
    }

    @Test
    @DisplayName("a release key is namespace/name of Kubernetes object names, so it never escapes its folder")
    void keys() {
        assertThat(ReleaseKey.parse("prod/horadus")).isEqualTo(ReleaseKey.of("prod", "horadus"));
        assertThat(ReleaseKey.of("prod", "horadus")).hasToString("prod/horadus");
        assertThatThrownBy(() -> ReleaseKey.parse("horadus")).hasMessage("'horadus' is not namespace/name");
        assertThatThrownBy(() -> ReleaseKey.of("default", "..")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReleaseKey.parse("default/../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReleaseKey.of("Prod", "horadus")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefusedWrite(StateDirectory state, Path file, byte[] before) throws IOException {
        try (var lock = state.lock(Releases.KEY, "apply")) {
            assertThatThrownBy(() -> state.write(Releases.upgraded())).isInstanceOf(StateRefused.class)
                    .hasMessageContaining(file.toString()).hasMessageEndingWith("the file was left untouched");
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    private static void write(StateDirectory state, StoredRelease release) {
        try (var lock = state.lock(release.key(), "apply")) {
            state.write(release);
        }
    }

    private static HoradusReleaseStatus status(Phase phase) {
        var status = Releases.status();
        status.setPhase(phase);
        return status;
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

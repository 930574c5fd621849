package io.horadus.local;

import io.horadus.api.Phase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The driver's status store for the command line: the release's file, rewritten with each status saved. */
class ReleaseStatusFileTest {

    @TempDir
    Path temp;

    @Test
    @DisplayName("a new release loads an empty status; a saved status is in the file, spec and generation kept")
    void saveAndReadBack() {
        var state = new StateDirectory(temp);
        var created = StoredRelease.create(Releases.KEY, Releases.spec("v1.4.2"), Releases.CREATED);
        try (var lock = state.lock(Releases.KEY, "apply")) {
            state.write(created);
            var store = new ReleaseStatusFile(state, lock, created);
            assertThat(store.load().getPhase()).isNull();
            assertThat(store.load().getConditions()).isEmpty();

            store.save(Releases.status());

            assertThat(store.release().status().getPhase()).isEqualTo(Phase.Ready);
        }
        var stored = state.read(Releases.KEY).orElseThrow();
        assertThat(ReleaseJson.write(stored.status())).isEqualTo(ReleaseJson.write(Releases.status()));
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stored.spec().getTag()).isEqualTo("v1.4.2");
    }

    @Test
    @DisplayName("load hands out a copy: the driver changing it saves nothing until it calls save")
    void loadIsACopy() {
        var state = new StateDirectory(temp);
        try (var lock = state.lock(Releases.KEY, "apply")) {
            state.write(Releases.upgraded());
            var store = new ReleaseStatusFile(state, lock, Releases.upgraded());

            store.load().setPhase(Phase.Failed);

            assertThat(store.load().getPhase()).isEqualTo(Phase.Ready);
        }
    }

    @Test
    @DisplayName("a save that changes nothing writes nothing")
    void unchangedSkipped() throws IOException {
        var state = new StateDirectory(temp);
        var file = state.releaseFile(Releases.KEY);
        try (var lock = state.lock(Releases.KEY, "agent")) {
            state.write(Releases.upgraded());
            var store = new ReleaseStatusFile(state, lock, Releases.upgraded());
            var untouched = FileTime.fromMillis(0);
            Files.setLastModifiedTime(file, untouched);

            store.save(store.load());
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(untouched);

            var changed = store.load();
            changed.setPhase(Phase.Verifying);
            store.save(changed);
            assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(untouched);
        }
    }

    @Test
    @DisplayName("a save after the lock is let go is refused, the file as it was")
    void saveNeedsTheLock() throws IOException {
        var state = new StateDirectory(temp);
        var lock = state.lock(Releases.KEY, "apply");
        state.write(Releases.upgraded());
        var store = new ReleaseStatusFile(state, lock, Releases.upgraded());
        var before = Files.readAllBytes(state.releaseFile(Releases.KEY));
        lock.close();
        var changed = store.load();
        changed.setPhase(Phase.Failed);

        assertThatThrownBy(() -> store.save(changed)).isInstanceOf(IllegalStateException.class)
                .hasMessage("release default/horadus is no longer locked by this command; its status is not saved");
        assertThat(Files.readAllBytes(state.releaseFile(Releases.KEY))).isEqualTo(before);
    }

    @Test
    @DisplayName("a file replaced meanwhile by one horadus refuses is not overwritten by a save")
    void refusedFileNotOverwritten() throws IOException {
        var state = new StateDirectory(temp);
        var file = state.releaseFile(Releases.KEY);
        try (var lock = state.lock(Releases.KEY, "agent")) {
            state.write(Releases.upgraded());
            var store = new ReleaseStatusFile(state, lock, Releases.upgraded());
            Files.writeString(file, "{\"format\": \"horadus.io/state/v9\"}");
            var changed = store.load();
            changed.setPhase(Phase.Failed);

            assertThatThrownBy(() -> store.save(changed)).isInstanceOf(StateRefused.class).hasMessageContaining("unknown format");
            assertThat(Files.readString(file)).isEqualTo("{\"format\": \"horadus.io/state/v9\"}");
            assertThat(store.release().status().getPhase()).as("what the store reports is what the file held").isEqualTo(Phase.Ready);
        }
    }
}

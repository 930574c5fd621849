package io.horadus.source;

import org.eclipse.jgit.api.errors.JGitInternalException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class DiskSpaceTest {

    @Test
    void aFullDiskIsToldAnywhereInTheChain() {
        assertThat(DiskSpace.exhausted(new IOException("No space left on device"))).isTrue();
        assertThat(DiskSpace.exhausted(new JGitInternalException("checkout failed", new UncheckedIOException(new IOException("No space left on device")))))
                .isTrue();
        assertThat(DiskSpace.exhausted(new IOException("Disk quota exceeded"))).isTrue();
        var suppressed = new IOException("cannot write index");
        suppressed.addSuppressed(new IOException("No space left on device"));
        assertThat(DiskSpace.exhausted(suppressed)).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(DiskSpace.exhausted(new IOException("Permission denied"))).isFalse();
        assertThat(DiskSpace.exhausted(new IOException((String) null))).isFalse();
        assertThat(DiskSpace.exhausted(null)).isFalse();
    }
}

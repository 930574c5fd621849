package io.horadus.it;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged operator with the image's JVM settings as they are (image/jvm.options), given more release
 * objects than its heap holds. Before -XX:+ExitOnOutOfMemoryError the process ran on after the error
 * (issue 16: caught on the Vert.x event loop and in executors) and reacted to nothing; now it must end,
 * so that Kubernetes (or the agent's supervisor) restarts it.
 */
class OutOfMemoryIT extends OperatorHarness {

    /**
     * An annotation the operator keeps in its cache, up to the API server's 256 KiB for all annotations.
     * Not kubectl's last-applied copy: the cache drops that one (TrimmedReleaseStore, LargeObjectsIT).
     */
    private static final String PAYLOAD = "example.com/payload";
    private static final int ANNOTATION_BYTES = 240 * 1024;
    /** 144 MB of annotations alone: the informer's cache must hold them all, in a heap of at most 96 MB. */
    private static final int OBJECTS = 600;

    @Test
    @DisplayName("a burst of objects larger than the heap: the operator exits with code 3 and says OutOfMemoryError, instead of staying up deaf")
    void exitsOnOutOfMemory() throws Exception {
        for (int i = 0; i < OBJECTS && operator.isAlive(); i++) {
            cluster.client().resource(Releases.suspended("burst-" + i, Map.of(PAYLOAD, Releases.paddedManifest("burst-" + i, ANNOTATION_BYTES)))).create();
        }

        assertThat(operator.awaitExit(Duration.ofMinutes(3)))
                .as("the operator is still running after %d objects of %d KB; log:\n%s", OBJECTS, ANNOTATION_BYTES / 1024, operator.logTail())
                .isTrue();
        assertThat(operator.exitValue()).as("exit code; log:\n%s", operator.logTail()).isEqualTo(3);
        assertThat(operator.log()).contains("Terminating due to java.lang.OutOfMemoryError: Java heap space");
    }
}

package io.horadus.it;

import io.horadus.api.HoradusRelease;
import io.horadus.api.Phase;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Releases as {@code kubectl apply} leaves them on a real API server (v1.36): each carries kubectl's
 * last-applied copy of its manifest and the server's managedFields. The packaged operator, with the image's
 * JVM settings, caches neither (TrimmedReleaseStore), so objects whose annotations alone outgrow the heap
 * are held and reconciled. An operator that cached them whole exits on OutOfMemoryError here, as
 * OutOfMemoryIT shows with an annotation it must keep.
 */
class LargeObjectsIT extends CrdServerHarness {

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    /** Near the API server's 256 KiB bound for all annotations of an object. */
    private static final int ANNOTATION_BYTES = 240 * 1024;
    /** 120 MB of last-applied copies: more than the image's heap bound (image/jvm.options). */
    private static final int OBJECTS = 500;

    @Test
    @DisplayName("releases carrying kubectl's last-applied copy, more of it than the heap holds: every one reconciled, the operator up")
    void lastAppliedCopiesAreNotCached() {
        for (int i = 0; i < OBJECTS; i++) {
            cluster.client().resource(Releases.suspended("applied-" + i, Map.of(LAST_APPLIED, Releases.paddedManifest("applied-" + i, ANNOTATION_BYTES)))).create();
        }

        // Polled one object at a time (each is 200 KB), oldest first, dropping the ones already seen suspended.
        var pending = new ArrayDeque<String>();
        for (int i = 0; i < OBJECTS; i++) {
            pending.add("applied-" + i);
        }
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            while (!pending.isEmpty() && operator.isAlive()) {
                var release = cluster.client().resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).withName(pending.peek()).get();
                if (release.getStatus() == null || release.getStatus().getPhase() != Phase.Suspended) {
                    return false;
                }
                pending.remove();
            }
            return true;
        });
        assertThat(operator.isAlive()).as("the operator is running; log:\n%s", (Object) logTail()).isTrue();
        var release = cluster.client().resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).withName("applied-0").get();
        assertThat(release.getMetadata().getAnnotations()).as("the object on the server is whole").containsKey(LAST_APPLIED);
        assertThat(release.getMetadata().getManagedFields()).as("the operator's status writes keep the server's managedFields")
                .anyMatch(entry -> "status".equals(entry.getSubresource()));
    }

    private String logTail() {
        try {
            return operator.logTail();
        } catch (Exception e) {
            return e.toString();
        }
    }
}

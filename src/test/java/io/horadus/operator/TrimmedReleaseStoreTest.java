package io.horadus.operator;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.horadus.api.HoradusRelease;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrimmedReleaseStoreTest {

    @Test
    void cachesAReleaseWithoutManagedFieldsAndKubectlsCopyButWithEveryOtherAnnotation() {
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder().withName("api").withNamespace("prod").withGeneration(3L)
                .withAnnotations(new HashMap<>(Map.of(TrimmedReleaseStore.LAST_APPLIED, "{\"spec\":{}}",
                        "horadus.io/retry", "1", "example.com/owner", "team-a")))
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Update").build())
                .build());
        var store = new TrimmedReleaseStore();

        store.put(store.getKey(release), release);

        var cached = store.get("prod/api");
        assertThat(cached.getMetadata().getManagedFields()).isNullOrEmpty();
        assertThat(cached.getMetadata().getAnnotations()).containsOnly(Map.entry("horadus.io/retry", "1"), Map.entry("example.com/owner", "team-a"));
        assertThat(cached.getMetadata().getGeneration()).isEqualTo(3L);
    }
}

package io.horadus.metrics;

import io.horadus.api.HoradusReleaseStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code horadus_release_info{namespace,name,desired_tag,current_tag,last_good_tag,phase} 1}: one series per
 * release, as Flux's {@code gotk_resource_info} and kube-state-metrics' info series, to join on or to
 * show which tag each release runs. When a label changes the old series is removed before the new one
 * is registered, and a deleted release's series is removed, so the registry holds one per release.
 * An absent value (no last good tag yet) is an empty label.
 */
final class ReleaseInfo {

    static final String NAME = "horadus_release_info";

    private final MeterRegistry registry;
    /** The series each release has now, by release key. */
    private final Map<String, Meter> series = new ConcurrentHashMap<>();

    ReleaseInfo(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String key, HoradusReleaseStatus status) {
        var tags = releaseTags(key).and(
                "desired_tag", value(status.getDesiredTag()),
                "current_tag", value(status.getCurrentTag()),
                "last_good_tag", value(status.getLastGoodTag()),
                "phase", status.getPhase() == null ? "" : status.getPhase().name());
        series.compute(key, (k, old) -> {
            if (old != null && Tags.of(old.getId().getTags()).equals(tags)) {
                return old;
            }
            if (old != null) {
                registry.remove(old);
            }
            return Gauge.builder(NAME, () -> 1)
                    .description("One series per release: which tags it wants, runs and last proved good, and its phase")
                    .tags(tags)
                    .register(registry);
        });
    }

    void remove(String key) {
        series.computeIfPresent(key, (k, old) -> {
            registry.remove(old);
            return null;
        });
    }

    /** The labels every series of one release carries: its namespace and name. */
    static Tags releaseTags(String key) {
        var slash = key.indexOf('/');
        return Tags.of("namespace", slash < 0 ? "" : key.substring(0, slash), "name", key.substring(slash + 1));
    }

    private static String value(String text) {
        return Objects.requireNonNullElse(text, "");
    }
}

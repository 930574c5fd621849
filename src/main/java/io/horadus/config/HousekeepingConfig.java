package io.horadus.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Housekeeping's settings (docs/operations.md, Housekeeping). The interval itself is read by the
 * scheduler from {@code horadus.housekeeping.interval} (default 10m; {@code off} also stops the timer).
 */
@ConfigMapping(prefix = "horadus.housekeeping")
public interface HousekeepingConfig {

    /** The off switch: false and no sweep runs. */
    @WithDefault("true")
    boolean enabled();

    /** Log what a sweep would remove and remove nothing. */
    @WithDefault("false")
    boolean dryRun();

    /** How often the leader sweeps (a duration: 10m, 1h; or off). */
    @WithDefault("10m")
    String interval();

    /** How long after the start the first sweep waits (read by the scheduler): the informer cache fills meanwhile. */
    @WithDefault("1m")
    String delay();

    /**
     * How old a gate image left untagged must be before it goes: younger ones may be a build that has made
     * its image and not yet tagged it.
     */
    @WithDefault("1h")
    Duration gateImageAge();
}

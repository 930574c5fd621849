package io.horadus.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The operator's own settings (application.properties, or HORADUS_* environment variables). */
@ConfigMapping(prefix = "horadus")
public interface OperatorConfig {

    /** Where the operator keeps git mirrors, checkouts and TLS material. Re-creatable: may be an emptyDir. */
    @WithDefault("${java.io.tmpdir}/horadus-operator")
    Path workDir();

    /** The compose command to run, e.g. "docker-compose"; detected when unset (docker compose, else docker-compose). */
    Optional<List<String>> composeCommand();

    /** The longest a single compose command may run before it is killed and the step fails. */
    @WithDefault("30M")
    Duration commandTimeout();

    /** How long to wait before looking again when a referenced Secret is missing or incomplete. */
    @WithDefault("30S")
    Duration secretRetry();
}

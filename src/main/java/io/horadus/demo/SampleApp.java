package io.horadus.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A tiny Horadus-like application, the demo's and the integration tests': writes one version of its
 * files (compose file, Dockerfiles, static pages, migration script) into a directory, which is then
 * committed and tagged. Images build {@code FROM} {@link BaseImage} without network. The variants that
 * break it in one way or another exist for the tests and for showing what a release does about them.
 *
 * <p>What runs: {@code api} (busybox httpd on 127.0.0.1:apiPort serving /health, /metrics, /version,
 * with a compose healthcheck), {@code worker} and {@code beat} (sleep loops), and {@code migrate}
 * (profile {@code ops}) which appends a line per run ({@code <version> <date>}) to the file
 * {@code runs} of the volume {@link #migrationsVolume}.
 */
public final class SampleApp {

    public static final String COMPOSE_FILE = "docker-compose.prod.yml";
    public static final String MIGRATION_PROFILE = "ops";
    public static final String MIGRATION_SERVICE = "migrate";
    /** The runbook's {@code build api worker}. */
    public static final List<String> BUILD_SERVICES = List.of("api", "worker");
    /** The runbook's {@code up -d api worker beat}. */
    public static final List<String> UP_SERVICES = List.of("api", "worker", "beat");
    /** What the Dockerfiles build FROM. */
    public static final String BASE_IMAGE = BaseImage.NAME;
    /** Absent from an unhealthy variant. */
    public static final String HEALTH_PAGE = "www/health";

    private static final String TEMPLATES = "sample-app/";
    /** Template name to file name; dotfiles are kept without their dot in resources. */
    private static final Map<String, String> FILES = Map.of(
            COMPOSE_FILE, COMPOSE_FILE,
            "Dockerfile.api", "Dockerfile.api",
            "Dockerfile.worker", "Dockerfile.worker",
            "migrate.sh", "migrate.sh",
            "api.sh", "api.sh",
            "dockerignore", ".dockerignore",
            "www/health", "www/health",
            "www/metrics", "www/metrics",
            "www/version", "www/version");
    private static final Pattern SAFE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * One version of the app and the ways it can be broken.
     *
     * @param version        written into the pages and the migration log, e.g. v1.2.0 (use the tag)
     * @param apiPort        where the api listens on 127.0.0.1; also names the images, so app
     *                       instances on one host never share images
     * @param migrateSeconds how long a migration run takes
     * @param migrateExit    the migration's exit code
     * @param brokenBuild    Dockerfile.api copies a file that does not exist: {@code build} fails
     * @param unhealthy      no /health page: the api answers 404 and its healthcheck fails
     * @param healthBreaksAfterSeconds when above 0, the api removes its /health page that long after it starts
     * @param latestImages   images named :latest, as the real Horadus compose file does, instead of by release tag
     * @param budgetUsed     the value /metrics serves as horadus_budget_used_ratio (a guardrail's gauge)
     * @param timeline       what the api does over time after it starts (live counters, an error spike, a
     *                       processing stall, flapping health); {@link Timeline#NONE} for a static app
     * @param schema         when above 0, the database schema this version migrates to and the only one its api
     *                       serves on: the api refuses (no /health) when it starts on another one
     */
    public record Variant(String version, int apiPort, int migrateSeconds, int migrateExit,
                          boolean brokenBuild, boolean unhealthy, int healthBreaksAfterSeconds, boolean latestImages,
                          double budgetUsed, Timeline timeline, int schema) {

        public Variant {
            if (version == null || !SAFE_VERSION.matcher(version).matches()) {
                throw new IllegalArgumentException("version must be a plain tag name: " + version);
            }
            if (apiPort < 1 || apiPort > 65535) {
                throw new IllegalArgumentException("apiPort out of range: " + apiPort);
            }
            if (migrateSeconds < 0 || migrateExit < 0 || migrateExit > 255) {
                throw new IllegalArgumentException("migrateSeconds >= 0 and migrateExit 0..255 required");
            }
            if (timeline == null || schema < 0) {
                throw new IllegalArgumentException("a timeline (Timeline.NONE for none) and schema >= 0 required");
            }
        }

        /** A version that builds, migrates in no time and serves healthy. */
        public static Variant ok(String version, int apiPort) {
            return new Variant(version, apiPort, 0, 0, false, false, 0, false, 0.25, Timeline.NONE, 0);
        }

        public Variant withBrokenBuild() {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, true, unhealthy, healthBreaksAfterSeconds, latestImages, budgetUsed, timeline, schema);
        }

        /** The migration exits 3. */
        public Variant withFailingMigration() {
            return new Variant(version, apiPort, migrateSeconds, 3, brokenBuild, unhealthy, healthBreaksAfterSeconds, latestImages, budgetUsed, timeline, schema);
        }

        public Variant withSlowMigration(int seconds) {
            return new Variant(version, apiPort, seconds, migrateExit, brokenBuild, unhealthy, healthBreaksAfterSeconds, latestImages, budgetUsed, timeline, schema);
        }

        public Variant withUnhealthyApi() {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, brokenBuild, true, healthBreaksAfterSeconds, latestImages, budgetUsed, timeline, schema);
        }

        /** Serves healthy at first, then removes /health {@code seconds} after the api starts: a release that breaks after Ready. */
        public Variant withHealthBreakingAfter(int seconds) {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, brokenBuild, unhealthy, seconds, latestImages, budgetUsed, timeline, schema);
        }

        /** Images named :latest (no tag variable), like the real Horadus docker-compose.prod.yml. */
        public Variant withLatestImages() {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, brokenBuild, unhealthy, healthBreaksAfterSeconds, true, budgetUsed, timeline, schema);
        }

        /** Serves {@code ratio} as horadus_budget_used_ratio on /metrics. */
        public Variant withBudgetUsed(double ratio) {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, brokenBuild, unhealthy, healthBreaksAfterSeconds, latestImages, ratio, timeline, schema);
        }

        /**
         * /metrics serves counters that grow every second: {@code http_requests_total{code="200"}} by 10,
         * {@code http_requests_total{code="500"}} by 0, {@code horadus_items_processed_total} by 5.
         */
        public Variant withLiveCounters() {
            return withTimeline(new Timeline(true, timeline.errorsAfterSeconds(), timeline.processingStopsAfterSeconds(),
                    timeline.flapsAfterSeconds(), timeline.flapDownSeconds(), timeline.flapUpSeconds()));
        }

        /** Live counters, and {@code seconds} after the api starts every request fails: 5xx grow as fast as 200s (a ratio of 0.5). */
        public Variant withErrorSpikeAfter(int seconds) {
            return withTimeline(new Timeline(true, seconds, timeline.processingStopsAfterSeconds(),
                    timeline.flapsAfterSeconds(), timeline.flapDownSeconds(), timeline.flapUpSeconds()));
        }

        /** Live counters, and {@code seconds} after the api starts horadus_items_processed_total stops growing. */
        public Variant withProcessingStoppingAfter(int seconds) {
            return withTimeline(new Timeline(true, timeline.errorsAfterSeconds(), seconds,
                    timeline.flapsAfterSeconds(), timeline.flapDownSeconds(), timeline.flapUpSeconds()));
        }

        /**
         * From {@code afterSeconds} after the api starts, /health is gone for {@code downSeconds}, back for
         * {@code upSeconds}, and so on (each to about a second: the api's clock ticks once a second).
         */
        public Variant withHealthFlapping(int afterSeconds, int downSeconds, int upSeconds) {
            return withTimeline(new Timeline(timeline.liveCounters(), timeline.errorsAfterSeconds(),
                    timeline.processingStopsAfterSeconds(), afterSeconds, downSeconds, upSeconds));
        }

        /**
         * Its migration writes schema {@code version} to the database (the migrations volume), and its api
         * serves only on that schema: started on another (a newer release migrated), it answers 404 on /health.
         */
        public Variant withSchema(int version) {
            return new Variant(this.version, apiPort, migrateSeconds, migrateExit, brokenBuild, unhealthy, healthBreaksAfterSeconds,
                    latestImages, budgetUsed, timeline, version);
        }

        private Variant withTimeline(Timeline changed) {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, brokenBuild, unhealthy, healthBreaksAfterSeconds,
                    latestImages, budgetUsed, changed, schema);
        }

        /** The api image as compose builds it with {@code HORADUS_TAG=<tag>}. */
        public String apiImage(String tag) {
            return "horadus-sample-api-" + apiPort + ":" + tag;
        }

        /** The worker (and beat) image as compose builds it with {@code HORADUS_TAG=<tag>}. */
        public String workerImage(String tag) {
            return "horadus-sample-worker-" + apiPort + ":" + tag;
        }

        public String healthUrl() {
            return "http://127.0.0.1:" + apiPort + "/health";
        }

        public String metricsUrl() {
            return "http://127.0.0.1:" + apiPort + "/metrics";
        }

        /** What /health answers when this version serves (without the trailing newline). */
        public String healthBody() {
            return "ok " + version;
        }
    }

    /**
     * What the api does over time, run by /app/api.sh in the api container from the moment it starts
     * (a loop ticking once a second, the page rewritten by an atomic rename). All 0/false: nothing.
     *
     * @param liveCounters              /metrics grows request and item counters every second
     * @param errorsAfterSeconds        when above 0, 5xx requests grow as fast as 200s from then on
     * @param processingStopsAfterSeconds when above 0, the items counter stops from then on
     * @param flapsAfterSeconds         when above 0, /health flaps from then on
     * @param flapDownSeconds           how long /health is gone each time
     * @param flapUpSeconds             how long it is back in between
     */
    public record Timeline(boolean liveCounters, int errorsAfterSeconds, int processingStopsAfterSeconds,
                           int flapsAfterSeconds, int flapDownSeconds, int flapUpSeconds) {

        public static final Timeline NONE = new Timeline(false, 0, 0, 0, 0, 0);

        public Timeline {
            if (errorsAfterSeconds < 0 || processingStopsAfterSeconds < 0 || flapsAfterSeconds < 0
                    || (flapsAfterSeconds > 0 && (flapDownSeconds < 1 || flapUpSeconds < 1))) {
                throw new IllegalArgumentException("seconds must be >= 0, and a flapping health needs down and up seconds >= 1");
            }
        }

        boolean any() {
            return liveCounters || flapsAfterSeconds > 0;
        }
    }

    private SampleApp() {
    }

    /**
     * The app's files for {@code variant}, path to content, e.g. for {@code GitFixture.commit}. An
     * unhealthy variant has no {@link #HEALTH_PAGE}: delete it from a tree that held a healthy version.
     */
    public static Map<String, String> files(Variant variant) {
        Map<String, String> files = new TreeMap<>();
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            if (variant.unhealthy() && file.getValue().equals(HEALTH_PAGE)) {
                continue;
            }
            String text = render(template(file.getKey()), variant);
            if (variant.brokenBuild() && file.getValue().equals("Dockerfile.api")) {
                // Right after FROM, so the build fails before it leaves any intermediate image behind.
                String from = "FROM " + BASE_IMAGE + "\n";
                if (!text.contains(from)) {
                    throw new IllegalStateException("Dockerfile.api template no longer has the line " + from.strip());
                }
                text = text.replace(from, from
                        + "# Broken on purpose: this file is not in the build context.\n"
                        + "COPY does-not-exist.txt /app/\n");
            }
            files.put(file.getValue(), text);
        }
        return files;
    }

    /** Writes the app's files for {@code variant} into {@code dir} (created if missing), replacing earlier ones. */
    public static void write(Path dir, Variant variant) {
        try {
            Files.deleteIfExists(dir.resolve(HEALTH_PAGE));
            for (Map.Entry<String, String> file : files(variant).entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
            }
            Files.setPosixFilePermissions(dir.resolve("migrate.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sample app into " + dir, e);
        }
    }

    /** The compose project's volume holding the migration log. */
    public static String migrationsVolume(String project) {
        return project + "_migrations";
    }

    private static String render(String template, Variant v) {
        return template.replace("@BASE_IMAGE@", BASE_IMAGE)
                .replace("@VERSION@", v.version())
                .replace("@API_PORT@", Integer.toString(v.apiPort()))
                .replace("@MIGRATE_SECONDS@", Integer.toString(v.migrateSeconds()))
                .replace("@MIGRATE_EXIT@", Integer.toString(v.migrateExit()))
                .replace("@BUDGET_USED@", Double.toString(v.budgetUsed()))
                .replace("@IMAGE_TAG@", v.latestImages() ? "latest" : "${HORADUS_TAG:-dev}")
                .replace("@HEALTH_BREAK@", v.healthBreaksAfterSeconds() > 0
                        ? "(sleep " + v.healthBreaksAfterSeconds() + "; rm -f /www/health) & " : "")
                // Before httpd: a refused schema must never serve /health, not even for a moment.
                .replace("@API_START@", v.timeline().any() || v.schema() > 0 ? "sh /app/api.sh; " : "")
                .replace("@API_VOLUMES@", v.schema() > 0 ? "volumes: [\"migrations:/data:ro\"]" : "")
                .replace("@SCHEMA@", Integer.toString(v.schema()))
                .replace("@LIVE_COUNTERS@", v.timeline().liveCounters() ? "1" : "0")
                .replace("@ERRORS_AFTER@", Integer.toString(v.timeline().errorsAfterSeconds()))
                .replace("@PROCESSING_STOPS_AFTER@", Integer.toString(v.timeline().processingStopsAfterSeconds()))
                .replace("@FLAPS_AFTER@", Integer.toString(v.timeline().flapsAfterSeconds()))
                .replace("@FLAP_DOWN@", Integer.toString(v.timeline().flapDownSeconds()))
                .replace("@FLAP_UP@", Integer.toString(v.timeline().flapUpSeconds()));
    }

    private static String template(String name) {
        return Resources.text(TEMPLATES + name);
    }

}

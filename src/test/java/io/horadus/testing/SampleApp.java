package io.horadus.testing;

import java.io.IOException;
import java.io.InputStream;
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
 * A tiny Horadus-like application for integration tests: writes one version of its files (compose
 * file, Dockerfiles, static pages, migration script) into a directory, which a test then commits
 * and tags. Images build {@code FROM horadus-test/busybox:1} (see {@code BaseImage}) without network.
 *
 * <p>What runs: {@code api} (busybox httpd on 127.0.0.1:apiPort serving /health, /metrics, /version,
 * with a compose healthcheck), {@code worker} and {@code beat} (sleep loops), and {@code migrate}
 * (profile {@code ops}) which appends a line per run to a volume, see {@link #migrationRuns}.
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

    private static final String TEMPLATES = "/sample-app/";
    /** Template name to file name; dotfiles are kept without their dot in resources. */
    private static final Map<String, String> FILES = Map.of(
            COMPOSE_FILE, COMPOSE_FILE,
            "Dockerfile.api", "Dockerfile.api",
            "Dockerfile.worker", "Dockerfile.worker",
            "migrate.sh", "migrate.sh",
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
     */
    public record Variant(String version, int apiPort, int migrateSeconds, int migrateExit,
                          boolean brokenBuild, boolean unhealthy) {

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
        }

        /** A version that builds, migrates in no time and serves healthy. */
        public static Variant ok(String version, int apiPort) {
            return new Variant(version, apiPort, 0, 0, false, false);
        }

        public Variant withBrokenBuild() {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, true, unhealthy);
        }

        /** The migration exits 3. */
        public Variant withFailingMigration() {
            return new Variant(version, apiPort, migrateSeconds, 3, brokenBuild, unhealthy);
        }

        public Variant withSlowMigration(int seconds) {
            return new Variant(version, apiPort, seconds, migrateExit, brokenBuild, unhealthy);
        }

        public Variant withUnhealthyApi() {
            return new Variant(version, apiPort, migrateSeconds, migrateExit, brokenBuild, true);
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

    /**
     * The lines of the migration log of a compose project ({@code <version> <date>}, one per run),
     * read through a throwaway container without network; empty when nothing ran yet.
     */
    public static List<String> migrationRuns(String project) {
        String volume = migrationsVolume(project);
        // Checked first: `docker run -v` would otherwise create the volume as a side effect.
        if (!Commands.run(List.of("docker", "volume", "inspect", volume)).succeeded()) {
            return List.of();
        }
        Commands.Output out = Commands.run(List.of("docker", "run", "--rm", "--network", "none", "-v", volume + ":/data:ro",
                BaseImage.ensure(), "sh", "-c", "if [ -f /data/runs ]; then cat /data/runs; fi"));
        if (out.exitCode() != 0) {
            throw new IllegalStateException("cannot read " + volume + ": " + out.output());
        }
        return out.output().lines().filter(line -> !line.isBlank()).toList();
    }

    private static String render(String template, Variant v) {
        return template.replace("@VERSION@", v.version())
                .replace("@API_PORT@", Integer.toString(v.apiPort()))
                .replace("@MIGRATE_SECONDS@", Integer.toString(v.migrateSeconds()))
                .replace("@MIGRATE_EXIT@", Integer.toString(v.migrateExit()));
    }

    private static String template(String name) {
        try (InputStream in = SampleApp.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + TEMPLATES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + TEMPLATES + name, e);
        }
    }

}

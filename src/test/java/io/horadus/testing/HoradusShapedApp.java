package io.horadus.testing;

import io.horadus.demo.BaseImage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A test app in the shape of the real Horadus {@code docker-compose.prod.yml} (see the comment at the
 * top of {@code src/test/resources/horadus-shaped/docker-compose.prod.yml}): {@code env_file: [.env]}
 * on api, worker, beat and migrate, {@code :latest} image names, {@code db} and {@code redis}
 * (busybox stand-ins with healthchecks) on an {@code internal: true} network only, {@code depends_on}
 * with {@code condition: service_healthy}, and a migrate service in profile {@code ops}. .env is not
 * part of {@link #files}: the operator writes it from a Secret ({@code spec.target.files}).
 *
 * <p>The api's /health answers {@code ok <version> schema <n>} only while .env gave it SECRET_KEY and
 * a DATABASE_URL naming {@code db:5432}, the database (asked by service name over the internal
 * network) has at least the version's schema, and redis answers; /version shows {@code <version>
 * <APP_ENV>}. The migration moves the database to the version's schema and the database records the
 * run ({@link #migrationRuns}).
 */
public final class HoradusShapedApp {

    public static final String COMPOSE_FILE = "docker-compose.prod.yml";
    public static final List<String> BUILD_SERVICES = List.of("api", "worker");
    public static final List<String> UP_SERVICES = List.of("api", "worker", "beat");
    /** .env as the operator writes it, relative to the repository root. */
    public static final String ENV_FILE = ".env";

    private static final String TEMPLATES = "/horadus-shaped/";
    private static final Map<String, String> FILES = Map.of(
            COMPOSE_FILE, COMPOSE_FILE,
            "Dockerfile.api", "Dockerfile.api",
            "Dockerfile.worker", "Dockerfile.worker",
            "api.sh", "api.sh",
            "migrate.sh", "migrate.sh",
            "worker.sh", "worker.sh",
            "dockerignore", ".dockerignore");

    /**
     * One version of the app.
     *
     * @param version          the release tag, shown by /health and /version
     * @param port             the api's port on 127.0.0.1; also names the images, so apps never share images
     * @param schema           the schema its migration moves the database to and the least its api serves on
     * @param breaksAfterSeconds when above 0, /health fails that long after the api starts
     */
    public record Variant(String version, int port, int schema, int breaksAfterSeconds) {

        public static Variant ok(String version, int port, int schema) {
            return new Variant(version, port, schema, 0);
        }

        public Variant withHealthBreakingAfter(int seconds) {
            return new Variant(version, port, schema, seconds);
        }

        public String apiImage() {
            return "horadus-shaped-api-" + port + ":latest";
        }

        public String workerImage() {
            return "horadus-shaped-worker-" + port + ":latest";
        }

        public String healthUrl() {
            return "http://127.0.0.1:" + port + "/health";
        }

        public String metricsUrl() {
            return "http://127.0.0.1:" + port + "/metrics";
        }

        /** /health behind X-API-Key, as the real Horadus serves it to monitors. */
        public String keyedHealthUrl() {
            return "http://127.0.0.1:" + port + "/cgi-bin/health";
        }

        /** /metrics behind X-Admin-API-Key. */
        public String keyedMetricsUrl() {
            return "http://127.0.0.1:" + port + "/cgi-bin/metrics";
        }

        /** The public liveness page. */
        public String liveUrl() {
            return "http://127.0.0.1:" + port + "/live";
        }

        public String versionUrl() {
            return "http://127.0.0.1:" + port + "/version";
        }

        /** What /health answers while this version serves on {@code schemaInDb}. */
        public String healthBody(int schemaInDb) {
            return "ok " + version + " schema " + schemaInDb;
        }
    }

    private HoradusShapedApp() {
    }

    /** The .env a Secret holds for the app: the database URL with its password, a secret key, a non-secret setting. */
    public static String envFile(String dbPassword, String secretKey, String appEnv) {
        return envFile(dbPassword, secretKey, appEnv, "", "");
    }

    /** The .env with the keys the api wants on its keyed health and metrics pages (empty: nobody gets in). */
    public static String envFile(String dbPassword, String secretKey, String appEnv, String apiKey, String adminApiKey) {
        return "DATABASE_URL=postgres://horadus:" + dbPassword + "@db:5432/horadus\n"
                + "SECRET_KEY=" + secretKey + "\n"
                + "APP_ENV=" + appEnv + "\n"
                + "API_KEY=" + apiKey + "\n"
                + "ADMIN_API_KEY=" + adminApiKey + "\n";
    }

    /** The app's files for {@code variant}, path to content (no .env). */
    public static Map<String, String> files(Variant variant) {
        Map<String, String> files = new TreeMap<>();
        FILES.forEach((template, path) -> files.put(path, template(template)
                .replace("@BASE_IMAGE@", BaseImage.NAME)
                .replace("@PORT@", Integer.toString(variant.port()))
                .replace("@VERSION@", variant.version())
                .replace("@SCHEMA@", Integer.toString(variant.schema()))
                .replace("@BREAKS_AFTER@", Integer.toString(variant.breaksAfterSeconds()))));
        return files;
    }

    /** The compose project's database volume. */
    public static String databaseVolume(String project) {
        return project + "_dbdata";
    }

    /**
     * The database's record of migration runs ({@code <schema> <date>}, one line per run), read from its
     * volume through a throwaway container without network; empty when none ran.
     */
    public static List<String> migrationRuns(String project) {
        return VolumeFiles.lines(databaseVolume(project), "runs");
    }

    private static String template(String name) {
        try (InputStream in = HoradusShapedApp.class.getResourceAsStream(TEMPLATES + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + TEMPLATES + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + TEMPLATES + name, e);
        }
    }
}

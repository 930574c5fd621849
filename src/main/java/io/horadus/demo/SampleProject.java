package io.horadus.demo;

import io.horadus.demo.SampleApp.Variant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A git repository shaped like the real Horadus deployment, for the demo: the {@link SampleApp}'s
 * {@code docker-compose.prod.yml} (api, worker, beat, and migrate in profile ops; images built locally
 * from {@link BaseImage}; the api on 127.0.0.1:apiPort), a Makefile whose {@code check}, {@code test} and
 * {@code db-upgrade} targets pass, a CHANGELOG, and on branch {@code main} three annotated releases whose
 * messages carry their notes:
 * <ul>
 *   <li>v1.0.0 and v1.1.0 serve healthy for as long as they run;</li>
 *   <li>v1.2.0 builds, migrates and serves healthy, so it passes its gates and its verification, and
 *       {@code breaksAfterSeconds} after its api started /health answers 404 for good: the watch sees the
 *       failures and rolls it back.</li>
 * </ul>
 * The repository is its own source: {@link #sourceUrl()} is its file:// URL. Nothing here touches Docker.
 *
 * @param directory          the repository's work tree
 * @param apiPort            where every release's api answers, on 127.0.0.1
 * @param breaksAfterSeconds how long v1.2.0's api answers healthy
 * @param releases           the tagged releases, oldest first
 */
public record SampleProject(Path directory, int apiPort, int breaksAfterSeconds, List<Release> releases) {

    public static final String BRANCH = "main";
    public static final String CHANGELOG = "CHANGELOG.md";
    /** Longer than {@link ReleaseManifest#WATCH_SECONDS}: v1.2.0 fails after it became a good release. */
    public static final int DEFAULT_BREAKS_AFTER_SECONDS = 20;

    private static final String AUTHOR = "Horadus Demo";
    private static final String EMAIL = "demo@horadus.invalid";
    private static final String FILES = "sample-project/";
    private static final List<String> PROJECT_FILES = List.of("Makefile", "scripts/check.sh", "scripts/test.sh", "scripts/db-upgrade.sh");

    /**
     * One release of the sample.
     *
     * @param tag     its annotated tag
     * @param summary the tag message's subject and the commit's
     * @param notes   the release notes: the tag message's body and the CHANGELOG's section
     * @param variant what the app does in this release
     */
    public record Release(String tag, String summary, String notes, Variant variant) {
    }

    public SampleProject {
        releases = List.copyOf(releases);
    }

    /** {@link #create(Path, int, int)} with v1.2.0 breaking after {@value #DEFAULT_BREAKS_AFTER_SECONDS} s. */
    public static SampleProject create(Path directory, int apiPort) {
        return create(directory, apiPort, DEFAULT_BREAKS_AFTER_SECONDS);
    }

    /**
     * Creates the repository in {@code directory} (created when missing; it must not hold a repository
     * yet): one commit and one annotated tag per release, on main.
     */
    public static SampleProject create(Path directory, int apiPort, int breaksAfterSeconds) {
        if (breaksAfterSeconds < 1) {
            throw new IllegalArgumentException("v1.2.0 must serve healthy for at least a second to pass its verification");
        }
        if (Files.exists(directory.resolve(".git"))) {
            throw new IllegalStateException(directory + " holds a git repository already");
        }
        List<Release> releases = releases(apiPort, breaksAfterSeconds);
        try (RepositoryWriter repository = RepositoryWriter.init(directory, BRANCH, AUTHOR, EMAIL)) {
            StringBuilder changelog = new StringBuilder("# Changelog\n");
            for (Release release : releases) {
                // Newest first, as changelogs are read.
                changelog.insert("# Changelog\n".length(), "\n## " + release.tag() + "\n\n" + release.notes() + "\n");
                Map<String, String> files = new LinkedHashMap<>(SampleApp.files(release.variant()));
                PROJECT_FILES.forEach(file -> files.put(file, Resources.text(FILES + file)));
                files.put(CHANGELOG, changelog.toString());
                String commit = repository.commit(files, release.summary());
                repository.annotatedTag(release.tag(), commit, release.summary() + "\n\n" + release.notes() + "\n", false);
            }
            return new SampleProject(repository.workTree(), apiPort, breaksAfterSeconds, releases);
        }
    }

    private static List<Release> releases(int apiPort, int breaksAfterSeconds) {
        return List.of(
                new Release("v1.0.0", "Release v1.0.0",
                        "- First release: api, worker and beat; /health, /metrics and /version.\n"
                                + "- Operations: the migrate service (profile ops) records each run.\n"
                                + "- Rollback: none possible, nothing ran before.",
                        Variant.ok("v1.0.0", apiPort)),
                new Release("v1.1.0", "Release v1.1.0",
                        "- /version and the build info on /metrics show v1.1.0.\n"
                                + "- Operations: no new settings; the migration runs again and changes nothing.\n"
                                + "- Rollback: to v1.0.0, safe (no schema change).",
                        Variant.ok("v1.1.0", apiPort)),
                new Release("v1.2.0", "Release v1.2.0",
                        "- Demo release that breaks after it is released: its api answers /health for "
                                + breaksAfterSeconds + " s after it starts, then 404.\n"
                                + "- Operations: passes every gate and its verification; the watch rolls it back.\n"
                                + "- Rollback: to v1.1.0, safe (no schema change).",
                        Variant.ok("v1.2.0", apiPort).withHealthBreakingAfter(breaksAfterSeconds)));
    }

    /** The repository as the release's source: its file:// URL. */
    public String sourceUrl() {
        return directory.toUri().toString();
    }

    /** The release of {@code tag}. */
    public Release release(String tag) {
        return releases.stream().filter(r -> r.tag().equals(tag)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the sample has no release " + tag));
    }

    /** The manifest releasing {@code tag} of this repository as {@code name} (also the compose project). */
    public ReleaseManifest manifest(String name, String tag) {
        release(tag);
        return new ReleaseManifest(name, tag, sourceUrl(), apiPort);
    }

    /** Where every release's api answers its health. */
    public String healthUrl() {
        return "http://127.0.0.1:" + apiPort + "/health";
    }
}

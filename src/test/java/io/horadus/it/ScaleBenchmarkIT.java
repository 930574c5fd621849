package io.horadus.it;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.horadus.api.ApprovalRequirement;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HttpCheckSpec;
import io.horadus.api.Phase;
import io.horadus.api.ProbeCheckSpec;
import io.horadus.testing.GitFixture;
import io.horadus.testing.RealApiServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A benchmark, not a timed test: one operator with the image's JVM settings (image/jvm.options) and
 * 1,000 {@code HoradusRelease} objects on Kubernetes v1.36's real CRD server. It prints figures and
 * asserts only that every release reached the state the figures are claimed for.
 *
 * <p>The releases, in three bursts (100, then 400, then 500; or with {@code -Dbenchmark.scale.bursts=one}, 100
 * then 900 with a tenth invalid), as they are in life:
 * <ul>
 *   <li>{@code benchmark.scale.watched} (100) released and watched on real compose projects on the local
 *       engine: each its own repository, project and port, one busybox httpd service, a check round every
 *       {@value #INTERVAL_SECONDS} s, each round also calling a recorder of this test (so round lateness
 *       is measured from outside the operator);</li>
 *   <li>of the rest: 3/9 suspended, 2/9 stalled on a tag that does not exist, 2/9 awaiting a reviewer's
 *       approval, 1/9 naming a git Secret that does not exist (this server has no core API, so every
 *       Secret is missing), 1/9 a git repository that does not exist.</li>
 * </ul>
 * Figures: time for each burst to settle; RSS (and the heap after a full collection) at 100, 500 and
 * 1,000, and its growth per release; CPU share of a core over {@code benchmark.scale.steady-seconds}
 * (300) of steady state; API requests and status writes per minute at steady state, counted by the API
 * server ({@code apiserver_request_total}); watch round lateness (p50, p99, max); the reaction to a
 * {@code spec.tag} change (patch to the status naming the new tag) of 20 watched releases, p50 and p99.
 *
 * <p>Run: {@code ./mvnw verify -Pbenchmarks -Dit.test=ScaleBenchmarkIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false};
 * {@code -Dbenchmark.scale.releases=N}, {@code -Dbenchmark.scale.watched=N} and
 * {@code -Dbenchmark.scale.steady-seconds=N} scale it down for a quicker look; {@code -Dbenchmark.scale.jvm-flags=...}
 * adds JVM flags after the image's.
 */
class ScaleBenchmarkIT extends CrdServerHarness {

    private static final int RELEASES = Integer.getInteger("benchmark.scale.releases", 1000);
    private static final int WATCHED = Integer.getInteger("benchmark.scale.watched", 100);
    private static final int STEADY_SECONDS = Integer.getInteger("benchmark.scale.steady-seconds", 300);
    private static final int INTERVAL_SECONDS = 10;
    private static final int TAG_CHANGES = Math.min(20, WATCHED);
    private static final Duration SETTLE = Duration.ofMinutes(20);

    /**
     * {@code three} (default): the rest in bursts to 500 and to 1,000, in the proportions of {@link Kind#ninths}.
     * {@code one}: the rest in one burst, a tenth of it invalid in ways only the operator can tell (a missing
     * Secret, a tag that does not exist), in the proportions of {@link Kind#twentieths}.
     */
    private static final boolean ONE_BURST = "one".equals(System.getProperty("benchmark.scale.bursts", "three"));

    /** What each release of the rest is. */
    private enum Kind {
        SUSPENDED(3, 9, true), STALLED(2, 1, false), AWAITING(2, 9, true), NO_SECRET(1, 1, false), NO_REPOSITORY(1, 0, false);

        final int ninths;
        final int twentieths;
        /** Nothing wrong with its spec: an invalid release must never hold it up. */
        final boolean valid;

        Kind(int ninths, int twentieths, boolean valid) {
            this.ninths = ninths;
            this.twentieths = twentieths;
            this.valid = valid;
        }

        static Kind of(int i) {
            int slot = i % (ONE_BURST ? 20 : 9);
            for (var kind : values()) {
                int share = ONE_BURST ? kind.twentieths : kind.ninths;
                if (slot < share) {
                    return kind;
                }
                slot -= share;
            }
            throw new IllegalStateException();
        }
    }

    private final Map<String, List<Long>> rounds = new ConcurrentHashMap<>();
    private final Map<String, Predicate<HoradusRelease>> expected = new ConcurrentHashMap<>();
    private final Map<String, HoradusRelease> seen = new ConcurrentHashMap<>();
    private final java.util.Set<String> valid = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> desiredTagSeenAt = new ConcurrentHashMap<>();
    private HttpServer recorder;

    /**
     * JVM flags after the image's (the last -Xmx wins): {@code -Dbenchmark.scale.jvm-flags="-Xmx96m"} measures
     * another heap without editing image/jvm.options.
     */
    @Override
    protected List<String> extraJvmFlags() {
        var flags = System.getProperty("benchmark.scale.jvm-flags", "").strip();
        return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
    }

    @Test
    void thousandReleases() throws Exception {
        startRecorder();
        var server = ((RealCluster) cluster).server();
        // An informer (list, then watch from its resourceVersion): this server refuses a plain watch without one.
        try (var informer = cluster.client().resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).inform(new Seen())) {
            Thread.sleep(2000);
            print("idle, no release", sample(false));

            var apps = new ArrayList<App>();
            var repositories = new ArrayList<GitFixture>();
            for (int i = 0; i < WATCHED; i++) {
                var app = app();
                apps.add(app);
                repositories.add(tinyRepository(app, "v1.0.0", "v1.1.0"));
            }

            var bursts = ONE_BURST ? new int[]{WATCHED, RELEASES} : new int[]{WATCHED, Math.max(WATCHED, RELEASES / 2), RELEASES};
            int created = 0;
            int rest = 0;
            for (int burst : bursts) {
                int before = created;
                long start = System.nanoTime();
                for (; created < burst; created++) {
                    if (created < WATCHED) {
                        createWatched(created, apps.get(created), repositories.get(created));
                    } else {
                        createOther(rest++, apps, repositories);
                    }
                }
                if (before > 0) {
                    await().atMost(SETTLE).pollInterval(Duration.ofSeconds(1)).until(() -> settled(valid::contains));
                    System.out.printf("BENCHMARK scale: the valid releases of the burst settled in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                }
                await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).until(this::allSettled);
                System.out.printf("BENCHMARK scale: %d releases settled, the %d created last in %d s%n", created, created - before,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                Thread.sleep(10_000);
                print(created + " releases (" + states() + ")", sample(true));
            }

            var before = requests(server);
            before.forEach((key, count) -> System.out.printf("BENCHMARK scale API requests so far (settling included): %s %.0f%n", key, count));
            var cpuBefore = cpuTicks();
            long steadyStart = System.nanoTime();
            rounds.values().forEach(List::clear);
            Thread.sleep(STEADY_SECONDS * 1000L);
            var cpu = (cpuTicks() - cpuBefore) / 100.0;
            var wall = (System.nanoTime() - steadyStart) / 1e9;
            var after = requests(server);
            System.out.printf("BENCHMARK scale steady state over %d s: CPU %.1f %% of one core (%.1f s)%n", Math.round(wall), 100 * cpu / wall, cpu);
            var minutes = wall / 60;
            after.forEach((key, count) -> {
                var delta = count - before.getOrDefault(key, 0.0);
                if (delta > 0) {
                    System.out.printf("BENCHMARK scale steady API requests per minute: %s %.1f%n", key, delta / minutes);
                }
            });
            System.out.printf("BENCHMARK scale steady status writes per minute: %.1f%n", statusWrites(after, before) / minutes);
            printLateness();
            print("after the steady state", sample(false));

            var reactions = new ArrayList<Long>();
            for (int i = 0; i < TAG_CHANGES; i++) {
                var name = watched(i);
                // At rest either way: on a loaded machine a new version may fail verification and be rolled back, as it should.
                expected.put(name, r -> Objects.equals(r.getSpec().getTag(), "v1.1.0") && (readyAt(r, "v1.1.0") || phase(r, Phase.RolledBack)));
                desiredTagSeenAt.remove(name);
                long patched = System.nanoTime();
                releases.setTag(name, "v1.1.0");
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5)).until(() -> desiredTagSeenAt.containsKey(name));
                reactions.add(TimeUnit.NANOSECONDS.toMillis(desiredTagSeenAt.get(name) - patched));
                Thread.sleep(3000);
            }
            Collections.sort(reactions);
            System.out.printf("BENCHMARK scale reaction to a spec.tag change under load (patch to status naming it), %d changes: p50 %d ms, p99 %d ms, max %d ms%n",
                    reactions.size(), percentile(reactions, 50), percentile(reactions, 99), reactions.get(reactions.size() - 1));
            await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).until(this::allSettled);
            var rolledBack = new ArrayList<String>();
            for (int i = 0; i < TAG_CHANGES; i++) {
                var release = seen.get(watched(i));
                if (phase(release, Phase.RolledBack)) {
                    rolledBack.add(watched(i) + ": " + release.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                            .map(c -> c.getMessage()).findFirst().orElse(""));
                }
            }
            System.out.printf("BENCHMARK scale tag changes: %d of %d Ready on v1.1.0, %d rolled back %s%n", TAG_CHANGES - rolledBack.size(), TAG_CHANGES,
                    rolledBack.size(), rolledBack);
            System.out.printf("BENCHMARK scale JVM flags: %s %s; threads %d%n", String.join(" ", ProcessMemory.jvmFlags()), String.join(" ", extraJvmFlags()),
                    sample(false).threads());

            assertThat(allSettled()).as("every release still in the state measured: " + states()).isTrue();
            for (int i = 0; i < WATCHED; i++) {
                var tag = seen.get(watched(i)).getStatus().getCurrentTag();
                assertThat(HostProbe.get(healthUrl(apps.get(i)))).as("what the host serves is what status says").isEqualTo("ok " + tag);
            }
        } finally {
            recorder.stop(0);
        }
    }

    private void createWatched(int i, App app, GitFixture git) {
        var name = watched(i);
        rounds.put(name, new CopyOnWriteArrayList<>());
        expected.put(name, r -> readyAt(r, "v1.0.0"));
        releases.create(name, "v1.0.0", git.url(), app.project(), healthUrl(app), null, spec -> {
            spec.getRollout().setBuild(List.of("api"));
            spec.getRollout().setUp(List.of("api"));
            spec.getRollout().getMigration().setEnabled(false);
            spec.getVerify().setIntervalSeconds(INTERVAL_SECONDS);
            spec.getVerify().setTimeoutSeconds(120);
            spec.getVerify().setWatchSeconds(30);
            var check = new ProbeCheckSpec();
            check.setName("round");
            var http = new HttpCheckSpec();
            http.setUrl("http://127.0.0.1:" + recorder.getAddress().getPort() + "/round/" + name);
            check.setHttp(http);
            spec.getVerify().setChecks(List.of(check));
        });
    }

    /**
     * The watched app: one busybox httpd service without a Docker healthcheck, so a hundred of them fit
     * on two cores beside the operator and the API server (the sample app's three services with
     * healthchecks did not). Its image is named as the sample app's, so HostProbe.cleanUp removes it.
     */
    private GitFixture tinyRepository(App app, String... versions) throws IOException {
        var git = GitFixture.create(Files.createDirectories(scratch.resolve("git-" + app.project())));
        for (var version : versions) {
            git.commit(Map.of(
                    "docker-compose.prod.yml", """
                            services:
                              api:
                                build: .
                                image: horadus-sample-api-%1$d:%2$s
                                network_mode: host
                                command: ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 127.0.0.1:%1$d -h /www & wait $$!"]
                                stop_grace_period: 1s
                            """.formatted(app.port(), version),
                    "Dockerfile", """
                            FROM %s
                            LABEL io.horadus.sample="scale" io.horadus.sample.version="%s" io.horadus.sample.app="%d"
                            COPY www /www
                            """.formatted(io.horadus.demo.BaseImage.NAME, version, app.port()),
                    "www/health", "ok " + version + "\n"), "Tiny app " + version);
            git.annotatedTag(version, "Release " + version + "\n\nNotes for " + version);
        }
        return git;
    }

    private static String healthUrl(App app) {
        return "http://127.0.0.1:" + app.port() + "/health";
    }

    private void createOther(int i, List<App> apps, List<GitFixture> repositories) {
        var kind = Kind.of(i);
        var name = kind.name().toLowerCase().replace('_', '-') + "-" + i;
        if (kind.valid) {
            valid.add(name);
        }
        var app = apps.get(i % apps.size());
        var url = repositories.get(i % repositories.size()).url();
        switch (kind) {
            case SUSPENDED -> {
                expected.put(name, r -> phase(r, Phase.Suspended));
                releases.create(name, "v1.0.0", url, app.project(), app.ok("v1.0.0"), spec -> spec.setSuspend(true));
            }
            case STALLED -> {
                expected.put(name, r -> reason(r, "Stalled", "TagNotFound"));
                releases.create(name, "v9.9.9", url, app.project(), app.ok("v9.9.9"));
            }
            case AWAITING -> {
                expected.put(name, r -> phase(r, Phase.AwaitingApproval));
                // Another project than the watched one: it never gets to roll out (no approval comes).
                releases.create(name, "v1.1.0", url, "waiting" + i, app.ok("v1.1.0"),
                        spec -> spec.getApproval().setRequired(ApprovalRequirement.Always));
            }
            case NO_SECRET -> {
                expected.put(name, r -> reason(r, "Ready", "SecretInvalid"));
                releases.create(name, "v1.0.0", url, "nosecret" + i, app.ok("v1.0.0"), spec -> spec.getSource().setSecretRef("no-such-secret"));
            }
            case NO_REPOSITORY -> {
                // A repository that cannot be fetched is retried with backoff, as a remote that does not answer is.
                expected.put(name, r -> reason(r, "Ready", "SourceUnreachable"));
                releases.create(name, "v1.0.0", "file://" + scratch.resolve("no-such-repository-" + i), "norepo" + i, app.ok("v1.0.0"));
            }
            default -> throw new IllegalStateException();
        }
    }

    private boolean allSettled() {
        return settled(name -> true);
    }

    private boolean settled(Predicate<String> which) {
        return expected.entrySet().stream().filter(e -> which.test(e.getKey())).allMatch(e -> {
            var release = seen.get(e.getKey());
            return release != null && release.getStatus() != null
                    && Objects.equals(release.getStatus().getObservedGeneration(), release.getMetadata().getGeneration())
                    && e.getValue().test(release);
        });
    }

    /** How many releases are in each phase and Ready reason, as the last watch event showed them. */
    private String states() {
        return seen.values().stream().collect(Collectors.groupingBy(r -> r.getStatus() == null ? "no status"
                : r.getStatus().getPhase() + "/" + r.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getReason()).findFirst().orElse("-"), TreeMap::new, Collectors.counting())).toString();
    }

    private static boolean readyAt(HoradusRelease r, String tag) {
        return tag.equals(r.getStatus().getCurrentTag()) && reason(r, "Ready", null)
                && r.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean phase(HoradusRelease r, Phase phase) {
        return r.getStatus().getPhase() == phase;
    }

    /** The condition of this type is there (with this reason, unless null). */
    private static boolean reason(HoradusRelease r, String type, String reason) {
        return r.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && (reason == null || reason.equals(c.getReason())));
    }

    /** Keeps the last state of every release and when the status first named the new desired tag. */
    private final class Seen implements ResourceEventHandler<HoradusRelease> {
        @Override
        public void onAdd(HoradusRelease release) {
            saw(release);
        }

        @Override
        public void onUpdate(HoradusRelease old, HoradusRelease release) {
            saw(release);
        }

        @Override
        public void onDelete(HoradusRelease release, boolean unknownFinalState) {
            seen.remove(release.getMetadata().getName());
        }

        private void saw(HoradusRelease release) {
            var name = release.getMetadata().getName();
            seen.put(name, release);
            var status = release.getStatus();
            if (status != null && "v1.1.0".equals(status.getDesiredTag()) && name.startsWith("watched-")) {
                desiredTagSeenAt.putIfAbsent(name, System.nanoTime());
            }
        }
    }

    /** Answers every check round of the watched releases and notes when each came. */
    private void startRecorder() throws IOException {
        recorder = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        recorder.setExecutor(Executors.newFixedThreadPool(4));
        recorder.createContext("/round/", exchange -> {
            var name = exchange.getRequestURI().getPath().substring("/round/".length());
            rounds.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
            exchange.sendResponseHeaders(200, 2);
            try (var body = exchange.getResponseBody()) {
                body.write("ok".getBytes());
            }
        });
        recorder.start();
    }

    /** A round is late by how much more than the interval passed since the round before it. */
    private void printLateness() {
        var late = new ArrayList<Long>();
        int count = 0;
        for (var times : rounds.values()) {
            var sorted = new ArrayList<>(times);
            Collections.sort(sorted);
            count += sorted.size();
            for (int i = 1; i < sorted.size(); i++) {
                late.add(Math.max(0, TimeUnit.NANOSECONDS.toMillis(sorted.get(i) - sorted.get(i - 1)) - INTERVAL_SECONDS * 1000L));
            }
        }
        Collections.sort(late);
        if (late.isEmpty()) {
            System.out.println("BENCHMARK scale watch rounds: none recorded");
            return;
        }
        System.out.printf("BENCHMARK scale watch rounds at steady state: %d rounds of %d releases (%.2f per release per interval); lateness p50 %d ms, p99 %d ms, max %d ms%n",
                count, rounds.size(), count / (double) rounds.size() / (STEADY_SECONDS / (double) INTERVAL_SECONDS),
                percentile(late, 50), percentile(late, 99), late.get(late.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static final Pattern REQUEST = Pattern.compile("^apiserver_request_total\\{(.*)\\} ([0-9.e+]+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    /** The API server's request counters for HoradusRelease and HoradusApproval, by resource, verb and subresource. */
    private static Map<String, Double> requests(RealApiServer server) {
        var counts = new TreeMap<String, Double>();
        for (var line : server.adminClient().raw("/metrics").split("\n")) {
            var m = REQUEST.matcher(line);
            if (!m.matches()) {
                continue;
            }
            var labels = new TreeMap<String, String>();
            var l = LABEL.matcher(m.group(1));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            var resource = labels.get("resource");
            if (!"horadusreleases".equals(resource) && !"horadusapprovals".equals(resource)) {
                continue;
            }
            var key = resource + " " + labels.get("verb") + (labels.getOrDefault("subresource", "").isEmpty() ? "" : " " + labels.get("subresource"));
            counts.merge(key, Double.parseDouble(m.group(2)), Double::sum);
        }
        return counts;
    }

    private static double statusWrites(Map<String, Double> after, Map<String, Double> before) {
        return after.entrySet().stream().filter(e -> e.getKey().endsWith(" status") && !e.getKey().contains(" GET "))
                .mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0)).sum();
    }

    private long cpuTicks() throws IOException {
        var fields = Files.readString(Path.of("/proc", Long.toString(operator.pid()), "stat"));
        var afterName = fields.substring(fields.lastIndexOf(')') + 2).split(" ");
        // utime and stime are fields 14 and 15 of /proc/PID/stat; afterName starts at field 3.
        return Long.parseLong(afterName[11]) + Long.parseLong(afterName[12]);
    }

    /** RSS, its peak, threads; with {@code fullGc}, also the heap the live set takes after a full collection. */
    private record Sample(ProcessMemory memory, String heap) {
        long rssKb() {
            return memory.rssKb();
        }

        long hwmKb() {
            return memory.hwmKb();
        }

        int threads() {
            return memory.threads();
        }
    }

    private Sample sample(boolean fullGc) throws Exception {
        var memory = ProcessMemory.of(operator.pid());
        var heap = "";
        if (fullGc) {
            jcmd("GC.run");
            heap = heapUsed(jcmd("GC.heap_info"));
        }
        return new Sample(memory, heap);
    }

    private String jcmd(String command) throws Exception {
        var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(operator.pid()), command)
                .redirectErrorStream(true).start();
        var out = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return out;
    }

    private static final Pattern GENERATION = Pattern.compile("(?m)^\\s*(def new generation|tenured generation|Metaspace)\\s+(?:total \\d+K, )?used (\\d+)K");

    /** The serial collector's generations and metaspace, used, in MB. */
    private static String heapUsed(String heapInfo) {
        var m = GENERATION.matcher(heapInfo);
        long heapKb = 0;
        long metaspaceKb = 0;
        while (m.find()) {
            if (m.group(1).equals("Metaspace")) {
                metaspaceKb = Long.parseLong(m.group(2));
            } else {
                heapKb += Long.parseLong(m.group(2));
            }
        }
        return String.format("heap used %.1f MB, metaspace used %.1f MB", heapKb / 1024.0, metaspaceKb / 1024.0);
    }

    private static void print(String when, Sample sample) {
        System.out.printf("BENCHMARK scale %s: RSS %d MB, peak RSS (VmHWM) %d MB, %d threads%s (bars: RSS <= 128 MB at 100, <= 175 MiB at 1,000)%n",
                when, sample.rssKb() / 1024, sample.hwmKb() / 1024, sample.threads(), sample.heap().isEmpty() ? "" : "; after a full GC: " + sample.heap());
    }

    private static String watched(int i) {
        return "watched-" + i;
    }
}

package io.horadus.it;

import io.horadus.api.Phase;
import io.horadus.testing.Commands;
import io.horadus.testing.GitFixture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A benchmark, not a timed test: the operator's memory with 100 releases, run with the production JVM
 * settings (image/jvm.options, MALLOC_ARENA_MAX=2). It prints figures and asserts only that every
 * release reached the state the figures are claimed for.
 *
 * <p>The 100 releases, each a HoradusRelease of its own with a git mirror of its own in the work area:
 * <ul>
 *   <li>{@value #READY} Ready: each its own git repository, compose project and port; built, migrated,
 *       rolled out (three containers each) and verified by the operator on the real Docker engine;</li>
 *   <li>{@value #STALLED} Stalled with TagNotFound: the operator fetched their repository (one of the
 *       above) and found no such tag; they wait for a spec change;</li>
 *   <li>the rest Suspended: reported, never acted on.</li>
 * </ul>
 * All 100 Ready on real projects would take 100 compose projects (300 containers, 200 image builds):
 * about a quarter of an hour on a 2-core CI machine. A Ready release holds no more in the operator than
 * what the Ready ones here exercise (the same code paths, classes, clients and thread pools; a bigger
 * status in the informer cache, a few KB), so the mix measures the same steady state within about a
 * megabyte. The peak (VmHWM) is reached while the Ready ones roll out side by side.
 *
 * <p>{@code -Dbenchmark.memory.nmt=true} adds native memory tracking (a diagnostic run: tracking costs
 * memory itself) and prints the {@code jcmd VM.native_memory summary}. {@code -Dbenchmark.memory.hold-seconds=N}
 * keeps the operator running N s after the figures, to look at it by hand (jcmd, pmap, /proc).
 */
class MemoryBenchmarkIT extends OperatorHarness {

    static final int RELEASES = 100;
    static final int READY = 15;
    static final int STALLED = 45;
    private static final Duration STEADY_WATCH = Duration.ofSeconds(15);
    private static final boolean NMT = Boolean.getBoolean("benchmark.memory.nmt");
    /** Seconds to keep the operator running after the figures, to inspect it by hand (jcmd, pmap). */
    private static final int HOLD_SECONDS = Integer.getInteger("benchmark.memory.hold-seconds", 0);

    @Override
    protected List<String> extraJvmFlags() {
        return NMT ? List.of("-XX:NativeMemoryTracking=summary") : List.of();
    }

    @Test
    void hundredReleases() throws Exception {
        Thread.sleep(2000); // let start-up settle before the idle figure
        print("idle, no release", sample());

        var repositories = new ArrayList<GitFixture>();
        var apps = new ArrayList<App>();
        for (int i = 0; i < READY; i++) {
            var app = app();
            apps.add(app);
            repositories.add(repositoryWith(app.ok("v1.0.0")));
        }
        long start = System.nanoTime();
        for (int i = 0; i < READY; i++) {
            var app = apps.get(i);
            releases.create(ready(i), "v1.0.0", repositories.get(i).url(), app.project(), app.ok("v1.0.0"));
        }
        for (int i = 0; i < STALLED; i++) {
            var app = apps.get(i % READY);
            releases.create(stalled(i), "v9.9.9", repositories.get(i % READY).url(), app.project(), app.ok("v9.9.9"));
        }
        for (int i = 0; i < RELEASES - READY - STALLED; i++) {
            var app = apps.get(i % READY);
            releases.create(suspended(i), "v1.0.0", repositories.get(i % READY).url(), app.project(), app.ok("v1.0.0"),
                    spec -> spec.setSuspend(true));
        }

        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1)).until(this::allSettled);
        System.out.printf("BENCHMARK memory: %d releases settled in %d s (%d Ready on real compose projects, %d Stalled TagNotFound, %d Suspended)%n",
                RELEASES, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), READY, STALLED, RELEASES - READY - STALLED);

        var samples = new ArrayList<ProcessMemory>();
        var until = System.nanoTime() + STEADY_WATCH.toNanos();
        while (System.nanoTime() < until) {
            samples.add(sample());
            Thread.sleep(1000);
        }
        var last = samples.get(samples.size() - 1);
        print("steady, 100 releases (last of " + samples.size() + " samples, 1 s apart)", last);
        System.out.printf("BENCHMARK memory steady RSS range over %d s: %d..%d MB%n", STEADY_WATCH.toSeconds(),
                samples.stream().mapToLong(ProcessMemory::rssKb).min().orElseThrow() / 1024,
                samples.stream().mapToLong(ProcessMemory::rssKb).max().orElseThrow() / 1024);
        System.out.printf("BENCHMARK memory JVM flags: %s%n", jvmFlags());
        if (NMT) {
            jcmd("nmt", "VM.native_memory", "summary");
            jcmd("heap", "GC.heap_info");
            // The live set: what the heap holds after a full collection (this changes the process, so it comes last).
            jcmd("gc", "GC.run");
            jcmd("heap after full GC", "GC.heap_info");
        }

        if (HOLD_SECONDS > 0) {
            System.out.printf("BENCHMARK memory: holding the operator (pid %d) for %d s%n", operator.pid(), HOLD_SECONDS);
            Thread.sleep(HOLD_SECONDS * 1000L);
            print("after the hold", sample());
        }

        // The figures above are for these states: check them again after the measurement.
        assertThat(allSettled()).as("every release still in the state measured").isTrue();
        for (int i = 0; i < READY; i++) {
            assertThat(HostProbe.get(apps.get(i).ok("v1.0.0").healthUrl())).isEqualTo("ok v1.0.0");
            assertThat(HostProbe.running(apps.get(i).project())).hasSize(3);
        }
    }

    private void jcmd(String label, String... command) {
        var argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(operator.pid())));
        argv.addAll(List.of(command));
        var out = Commands.run(argv);
        assertThat(out.exitCode()).as(out.output()).isZero();
        out.output().lines().forEach(line -> System.out.println("BENCHMARK " + label + " " + line));
    }

    private boolean allSettled() {
        var ready = IntStream.range(0, READY).allMatch(i -> releases.readyAt(ready(i), "v1.0.0"));
        var stalled = IntStream.range(0, STALLED).allMatch(i -> releases.stalled(stalled(i))
                && releases.condition(stalled(i), "Stalled").map(c -> "TagNotFound".equals(c.getReason())).orElse(false));
        var suspended = IntStream.range(0, RELEASES - READY - STALLED).allMatch(i -> {
            var release = releases.get(suspended(i));
            return release.getStatus() != null && release.getStatus().getPhase() == Phase.Suspended
                    && release.getMetadata().getGeneration().equals(release.getStatus().getObservedGeneration());
        });
        return ready && stalled && suspended;
    }

    private static String ready(int i) {
        return "ready-" + i;
    }

    private static String stalled(int i) {
        return "stalled-" + i;
    }

    private static String suspended(int i) {
        return "suspended-" + i;
    }

    private ProcessMemory sample() throws IOException {
        return ProcessMemory.of(operator.pid());
    }

    private static void print(String when, ProcessMemory sample) {
        System.out.printf("BENCHMARK memory %s: RSS %d MB, peak RSS (VmHWM) %d MB, %d threads (bar: RSS < 128 MB)%n",
                when, sample.rssKb() / 1024, sample.hwmKb() / 1024, sample.threads());
    }

    private static String jvmFlags() throws IOException {
        return String.join(" ", ProcessMemory.jvmFlags()) + " (env MALLOC_ARENA_MAX=2)";
    }
}

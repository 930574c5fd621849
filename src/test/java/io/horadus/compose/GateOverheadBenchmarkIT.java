package io.horadus.compose;

import com.github.dockerjava.api.DockerClient;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.GateImage;
import io.horadus.release.port.GateResult;
import io.horadus.release.port.GateRun;
import io.horadus.demo.BaseImage;
import io.horadus.testing.Commands;
import io.horadus.testing.LoopbackPorts;
import io.horadus.demo.SampleApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gate machinery adds around a command that does nothing ({@code true}): remove-leftover
 * check, image inspect, create, copy of the checkout, start, polling, logs, remove. Prints figures,
 * asserts none about time. Measured for an empty checkout, one the size of {@link SampleApp} and
 * 50 MB of incompressible files; the copy is also measured alone (tar written to disk, then sent to a
 * created container), and {@code docker run --rm IMAGE true} through the CLI is the comparison.
 */
class GateOverheadBenchmarkIT {

    static final int WARMUP = 2;
    static final int RUNS = 7;
    static final long BIG_BYTES = 50L * 1024 * 1024;
    static final String PREFIX = "hxagatebench" + ProcessHandle.current().pid();

    static Path work;
    static DockerClients clients;
    static DockerGates gates;
    static DockerClient docker;
    static ComposeTarget target;
    static int counter;

    @BeforeAll
    static void setUp() throws IOException {
        BaseImage.ensure();
        work = Files.createTempDirectory(Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))), "hxa-gatebench-");
        clients = new DockerClients(new TlsMaterialStore(work.resolve("tls")), Duration.ofSeconds(5), Duration.ofSeconds(30));
        gates = new DockerGates(clients, clients, Duration.ofMinutes(2), work);
        target = new ComposeTarget("unix:///var/run/docker.sock", null, PREFIX, List.of("compose.yml"));
        docker = clients.client(target.dockerHost(), null);
    }

    @AfterAll
    static void tearDown() throws IOException {
        clients.close();
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void gateOverhead() throws IOException {
        Path empty = Files.createDirectories(work.resolve("empty"));
        Path sample = work.resolve("sample");
        SampleApp.write(sample, SampleApp.Variant.ok("v1.0.0", LoopbackPorts.free()));
        Path big = work.resolve("big");
        writeRandomCheckout(big, BIG_BYTES, new Random(42));

        StringBuilder report = new StringBuilder("\n=== gate overhead around `true` (ms; warm-up " + WARMUP + ", then " + RUNS + " runs) ===\n");
        report.append(measure("docker run --rm IMAGE true (CLI)", this::cliRun));
        for (var checkout : List.of(Map.entry("empty checkout", empty), Map.entry("sample app", sample), Map.entry("50 MB", big))) {
            report.append("-- ").append(checkout.getKey()).append(": ").append(describe(checkout.getValue())).append('\n');
            report.append(measure("   whole gate (start, polled every 20 ms, finish)", () -> gate(checkout.getValue())));
            report.append(measure("   tar of the checkout to disk", () -> tarOnly(checkout.getValue())));
            report.append(measure("   copy alone (tar + upload into a created container)", () -> copyOnly(checkout.getValue())));
        }
        System.out.println(report);
    }

    private Duration gate(Path checkout) {
        GateRun run = new GateRun(target, PREFIX + "-" + (++counter), new GateImage.Declared(BaseImage.NAME), checkout,
                "/src", List.of("true"), Map.of(), Optional.empty());
        GateResult result = io.horadus.testing.GateRuns.toEnd(gates, run, Duration.ofSeconds(60));
        assertThat(result).as("%s", result).isInstanceOf(GateResult.Exited.class);
        return result.took();
    }

    private Duration cliRun() {
        var out = Commands.run(List.of("docker", "run", "--rm", BaseImage.NAME, "true"));
        assertThat(out.succeeded()).as("%s", out).isTrue();
        return out.took();
    }

    private Duration tarOnly(Path checkout) {
        long start = System.nanoTime();
        try (CheckoutArchive ignored = CheckoutArchive.of(checkout, "src", work)) {
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Duration copyOnly(Path checkout) {
        String id = docker.createContainerCmd(BaseImage.NAME).withEntrypoint("true").withName(PREFIX + "-copy-" + (++counter)).exec().getId();
        try {
            long start = System.nanoTime();
            try (CheckoutArchive archive = CheckoutArchive.of(checkout, "src", work);
                 InputStream tar = Files.newInputStream(archive.file())) {
                docker.copyArchiveToContainerCmd(id).withRemotePath("/").withTarInputStream(tar).exec();
            }
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    private static String measure(String label, Supplier<Duration> once) {
        for (int i = 0; i < WARMUP; i++) {
            once.get();
        }
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            ms.add(once.get().toMillis());
        }
        List<Long> sorted = ms.stream().sorted().toList();
        return String.format("%-58s median %5d  min %5d  max %5d   %s%n", label, sorted.get(sorted.size() / 2), sorted.get(0),
                sorted.get(sorted.size() - 1), ms);
    }

    private static String describe(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            long bytes = 0;
            for (Path p : regular) {
                bytes += Files.size(p);
            }
            return regular.size() + " files, " + String.format("%.1f", bytes / 1024.0 / 1024.0) + " MB";
        }
    }

    /**
     * A source tree's mix, by count mostly small files and by bytes mostly a few large ones: 80 %
     * 1-8 KB, 17 % 16-256 KB, 3 % 1-4 MB, random (so incompressible), 40 files a directory.
     */
    static void writeRandomCheckout(Path dir, long totalBytes, Random random) throws IOException {
        long written = 0;
        int n = 0;
        while (written < totalBytes) {
            int roll = random.nextInt(100);
            int size = roll < 80 ? 1024 + random.nextInt(7 * 1024)
                    : roll < 97 ? 16 * 1024 + random.nextInt(240 * 1024)
                    : 1024 * 1024 + random.nextInt(3 * 1024 * 1024);
            size = (int) Math.min(size, totalBytes - written);
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path file = dir.resolve("pkg" + (n / 40)).resolve("file" + n + ".bin");
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
            written += size;
            n++;
        }
    }
}

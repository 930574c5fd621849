package io.horadus.cli;

import io.horadus.api.HoradusReleaseSpec;
import io.horadus.housekeeping.Housekeeping;
import io.horadus.local.LockHeld;
import io.horadus.local.ReleaseKey;
import io.horadus.local.StateDirectory;
import io.horadus.local.StoredRelease;
import io.horadus.manifest.Manifests;
import io.horadus.metrics.MetricsServer;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code horadus agent --manifests DIR|GIT-URL}: the operator without a cluster. Every interval it reads the
 * HoradusRelease manifests of a folder, or of a git repository's path (a commit that changes a tag is
 * released within one interval), runs each release on a worker of its own, and keeps watching the released
 * versions with rollback, as the operator does. SIGTERM stops it at a step boundary.
 */
@Command(name = "agent", description = "Apply every HoradusRelease in a folder or git repository, again every interval, and keep watching what is released.")
final class AgentCommand implements Callable<Integer> {

    /** As the operator's horadus.housekeeping.gate-image-age. */
    private static final Duration GATE_IMAGE_AGE = Duration.ofHours(1);
    private static final Pattern GIT_URL = Pattern.compile("^(\\w+://.*|[\\w.-]+@[\\w.-]+:.*|.*\\.git/?)$");

    @ParentCommand
    HoradusCommand root;

    @Mixin
    StateOptions state;

    @Option(names = "--manifests", required = true, paramLabel = "DIR|GIT-URL", description = "A folder of manifests, or a git repository's URL.")
    String manifests;

    @Option(names = "--path", defaultValue = "", paramLabel = "PATH", description = "The folder within the git repository (default: all of it).")
    String path;

    @Option(names = "--branch", paramLabel = "BRANCH", description = "The git branch to follow (default: the repository's default branch).")
    String branch;

    @Option(names = "--interval", defaultValue = "1m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to look at the manifests again (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--housekeeping-interval", defaultValue = "10m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How often to remove what releases left on their hosts and in the work dir (docs/operations.md, Housekeeping); 0s: never (default: ${DEFAULT-VALUE}).")
    Duration housekeepingInterval;

    @Option(names = "--housekeeping-dry-run", description = "Print what housekeeping would remove, and remove nothing.")
    boolean housekeepingDryRun;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve the release metrics in Prometheus text at http://ADDRESS:PORT/metrics (default: no metrics).")
    Integer metricsPort;

    @Option(names = "--metrics-address", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The address the metrics are served on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface).")
    String metricsAddress;

    @Override
    public Integer call() throws InterruptedException {
        var console = root.console();
        var stop = root.stop();
        var metricsAt = metricsAddress();
        var directory = state.directory(console.env());
        var source = source(directory.workDir());
        // Read by the watch's threads (a round asking for a pass), changed by this one.
        var workers = new ConcurrentHashMap<ReleaseKey, ReleaseWorker>();
        var threads = new HashMap<ReleaseKey, Thread>();
        var downstreams = new Downstreams();
        // A pass that wrote staging's status wakes production (spec.promotion.from: [staging]) at once.
        Consumer<ReleaseKey> statusWritten = upstream -> downstreams.of(upstream).forEach(downstream -> {
            var worker = workers.get(downstream);
            if (worker != null) {
                worker.wake();
            }
        });
        var refusedBefore = new HashSet<String>();
        console.err().println("► agent: " + manifests + (path.isEmpty() ? "" : " (path " + path + ")") + " every " + Durations.show(interval)
                + ", state in " + directory.root() + " (pid " + ProcessHandle.current().pid() + ")");
        var registry = metricsAt.map(at -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        try (var engine = new LocalEngine(directory, state.approvals(console.env(), console.clock()), console.env(), console.clock(),
                registry.map(r -> r));
             var metrics = serve(metricsAt, registry, console)) {
            // A round that changed something asks for a pass of its release, as WatchEventSource does for JOSDK.
            engine.rounds().onChange(changed -> {
                var worker = workers.get(ReleaseKey.parse(changed));
                if (worker != null) {
                    worker.wake();
                }
            });
            var housekeeping = engine.housekeeping(directory, new Housekeeping.Settings(housekeepingDryRun, GATE_IMAGE_AGE), housekeepingInterval,
                    console.clock());
            String lastRevision = null;
            while (!stop.requested()) {
                var found = source.read();
                if (!found.revision().isEmpty() && !found.revision().equals(lastRevision)) {
                    console.err().println("► manifests at " + ProgressLines.shortCommit(found.revision()));
                    lastRevision = found.revision();
                }
                for (var refusal : found.refused()) {
                    if (refusedBefore.add(refusal)) {
                        console.err().println("✗ " + refusal);
                    }
                }
                refusedBefore.retainAll(found.refused());
                var seen = new HashSet<ReleaseKey>();
                for (var release : found.releases()) {
                    var meta = release.getMetadata();
                    var key = ReleaseKey.of(meta.getNamespace() == null ? state.namespace : meta.getNamespace(), meta.getName());
                    seen.add(key);
                    downstreams.named(key, release.getSpec());
                    var worker = workers.get(key);
                    if (worker == null) {
                        worker = start(key, release.getSpec(), directory, engine, console, stop, workers, threads, statusWritten);
                        if (worker == null) {
                            continue;
                        }
                    }
                    worker.offer(release.getSpec(), meta.getAnnotations());
                }
                for (var key : Map.copyOf(workers).keySet()) {
                    if (!seen.contains(key)) {
                        downstreams.forget(key);
                        console.err().println(key.name() + ": no longer in the manifests: left running as it is, no longer watched");
                        workers.remove(key).close();
                        threads.remove(key).join();
                    }
                }
                housekeeping.sweepIfDue(console.clock().instant(), console.err());
                stop.sleep(interval);
            }
            console.err().println("‖ stopping: each release ends at its next step boundary");
            workers.values().forEach(ReleaseWorker::close);
            for (var thread : threads.values()) {
                thread.join();
            }
        }
        return ExitCode.READY.code;
    }

    private static ReleaseWorker start(ReleaseKey key, HoradusReleaseSpec spec, StateDirectory directory, LocalEngine engine, Console console, StopSignal stop,
                                       Map<ReleaseKey, ReleaseWorker> workers, Map<ReleaseKey, Thread> threads,
                                       Consumer<ReleaseKey> statusWritten) {
        try {
            var lock = directory.lock(key, "agent");
            if (directory.read(key).isEmpty()) {
                directory.write(StoredRelease.create(key, spec, console.clock().instant()));
            }
            var worker = new ReleaseWorker(directory, lock, engine, console, stop, statusWritten);
            var thread = new Thread(worker, "horadus-release-" + key.namespace() + "-" + key.name());
            workers.put(key, worker);
            threads.put(key, thread);
            thread.start();
            return worker;
        } catch (LockHeld held) {
            console.err().println("✗ " + held.getMessage() + ": not acted on by this agent until it is free");
            return null;
        }
    }

    /** Where to serve metrics, checked before anything runs: a bad port or address is refused. */
    private Optional<InetSocketAddress> metricsAddress() {
        if (metricsPort == null) {
            return Optional.empty();
        }
        if (metricsPort < 1 || metricsPort > 65535) {
            throw new Refusal("--metrics-port " + metricsPort + " is not a TCP port (1-65535)");
        }
        try {
            return Optional.of(new InetSocketAddress(InetAddress.getByName(metricsAddress), metricsPort));
        } catch (UnknownHostException e) {
            throw new Refusal("--metrics-address " + metricsAddress + " is not an address of this machine");
        }
    }

    /** Starts the metrics server; null (nothing to close) without --metrics-port. A port in use is refused. */
    private static MetricsServer serve(Optional<InetSocketAddress> at, Optional<PrometheusMeterRegistry> registry, Console console) {
        if (at.isEmpty()) {
            return null;
        }
        try {
            var server = MetricsServer.start(at.get(), registry.orElseThrow());
            console.err().println("► metrics at http://" + at.get().getHostString() + ":" + server.port() + "/metrics");
            return server;
        } catch (IOException e) {
            throw new Refusal("cannot serve metrics on " + at.get().getHostString() + ":" + at.get().getPort() + ": " + e.getMessage());
        }
    }

    private ManifestSource source(Path workDir) {
        var folder = Path.of(manifests);
        if (!GIT_URL.matcher(manifests).matches() && Files.isDirectory(folder)) {
            var manifestReader = Manifests.fromClasspath();
            var under = path.isEmpty() ? folder : folder.resolve(path);
            return () -> ManifestSource.readFolder(manifestReader, under, "");
        }
        return new GitManifests(Manifests.fromClasspath(), manifests, branch, path, workDir);
    }
}

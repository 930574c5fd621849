package io.horadus.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.compose.ComposeBinary;
import io.horadus.compose.ComposeCli;
import io.horadus.compose.DockerClients;
import io.horadus.compose.DockerExec;
import io.horadus.compose.DockerGates;
import io.horadus.compose.DockerHostObserver;
import io.horadus.compose.DockerImages;
import io.horadus.compose.ProcessCommandRunner;
import io.horadus.compose.TlsMaterialStore;
import io.horadus.release.ReleaseEvent;
import io.horadus.release.approval.Approval;
import io.horadus.release.approval.Approvals;
import io.horadus.release.driver.EngineAssembly;
import io.horadus.release.driver.EnginePorts;
import io.horadus.release.driver.ReleaseDriver;
import io.horadus.release.driver.ReleaseInput;
import io.horadus.release.driver.StatusStore;
import io.horadus.release.driver.Telemetry;
import io.horadus.release.port.ApprovalSource;
import io.horadus.release.port.SecretStore;
import io.horadus.release.watch.WatchRounds;
import io.horadus.source.JGitSource;
import io.horadus.verify.HttpVerifier;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One release driven through {@link ReleaseDriver} alone, the way the operator drives it but without
 * Kubernetes or Quarkus: the real adapters (JGit, the compose CLI, docker-java, the HTTP probes) wired as
 * {@code ReleaseEngineProducer} wires them, status, secrets and approvals kept in memory, and a loop
 * thread that plays JOSDK's part (one pass at a time; the returned delay honoured; a pass at once when
 * the spec changes or a watch round asks for one; thrown errors retried with JOSDK's backoff).
 */
public final class DrivenRelease implements AutoCloseable {

    /** As the operator's horadus.command-timeout, approval-poll and secret-retry defaults. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration APPROVAL_POLL = Duration.ofSeconds(5);
    private static final Duration SECRET_RETRY = Duration.ofSeconds(30);
    /** As the operator's quarkus.operator-sdk retry settings: 2 s, doubling, at most 2 min. */
    private static final Duration RETRY_FIRST = Duration.ofSeconds(2);
    private static final Duration RETRY_MAX = Duration.ofMinutes(2);
    /** A requeue longer than this is cut short: a pass too many writes nothing, a lost one could hang the test. */
    private static final Duration LONGEST_SLEEP = Duration.ofMinutes(1);
    /** JOSDK never passes again without an event; only a test that outlives this would notice the difference. */
    private static final Duration NO_REQUEUE = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String key;
    private final MemoryStatus store = new MemoryStatus();
    private final MemorySecrets secrets = new MemorySecrets();
    private final MemoryApprovals approvals = new MemoryApprovals();
    private final List<ReleaseEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> failedPasses = new CopyOnWriteArrayList<>();
    private final AtomicInteger passes = new AtomicInteger();
    private final Semaphore wakeUps = new Semaphore(0);
    private final DockerClients clients;
    private final DockerClients builders;
    private final WatchRounds rounds;
    private final ReleaseDriver driver;
    private final Thread loop;
    private volatile ReleaseInput input;
    private volatile boolean closed;

    /**
     * @param key     namespace/name
     * @param workDir where the git mirror, TLS material and gate archives go (the operator's horadus.work-dir)
     */
    public DrivenRelease(String key, Path workDir, HoradusReleaseSpec spec) {
        this(key, workDir, spec, Optional.empty());
    }

    /**
     * @param composeCommand the compose command (the operator's horadus.compose-command), or empty to detect it
     */
    public DrivenRelease(String key, Path workDir, HoradusReleaseSpec spec, Optional<List<String>> composeCommand) {
        this.key = key;
        this.input = new ReleaseInput(key, 1, copy(spec), null);
        var clock = Clock.systemUTC();
        var tls = new TlsMaterialStore(workDir.resolve("docker-tls"));
        clients = new DockerClients(tls, Duration.ofSeconds(5), Duration.ofSeconds(30));
        builders = new DockerClients(tls, Duration.ofSeconds(5), COMMAND_TIMEOUT);
        var compose = new ComposeCli(new ComposeBinary(composeCommand, new ProcessCommandRunner(Duration.ofSeconds(10))),
                new ProcessCommandRunner(COMMAND_TIMEOUT), tls, clients);
        var ports = new EnginePorts(new JGitSource(workDir.resolve("git")), compose, new DockerHostObserver(clients),
                new HttpVerifier(new DockerExec(clients)), new DockerGates(clients, builders, COMMAND_TIMEOUT, workDir.resolve("gate-archives")),
                new DockerImages(clients), approvals);
        var assembly = new EngineAssembly(ports, APPROVAL_POLL, clock);
        var threads = new AtomicInteger();
        var executor = new ScheduledThreadPoolExecutor(4, task -> {
            var thread = new Thread(task, "driven-watch-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        rounds = assembly.rounds(executor);
        // What WatchEventSource does for JOSDK: a round that changed something asks for a pass of its release.
        rounds.onChange(changed -> {
            if (key.equals(changed)) {
                wakeUps.release();
            }
        });
        driver = new ReleaseDriver(assembly.engine(rounds), rounds, secrets, new Counted(), clock, SECRET_RETRY);
        loop = new Thread(this::run, "driven-" + key.replace('/', '-'));
        loop.setDaemon(true);
    }

    public DrivenRelease start() {
        loop.start();
        return this;
    }

    /** Changes the spec as a person editing the manifest would: a new revision, and a pass at once. */
    public void edit(Consumer<HoradusReleaseSpec> change) {
        var spec = copy(input.spec());
        change.accept(spec);
        var before = input;
        input = new ReleaseInput(before.key(), before.revision() + 1, spec, before.retryToken());
        wakeUps.release();
    }

    /** Stores a secret the spec may name, as a Secret in the release's namespace. */
    public void secret(String name, Map<String, byte[]> data) {
        secrets.secrets.put(input.namespace() + "/" + name, Map.copyOf(data));
    }

    /** Records a reviewer's approval of this release. */
    public void approve(Approval approval) {
        approvals.approvals.merge(key, List.of(approval), (a, b) -> {
            var all = new ArrayList<>(a);
            all.addAll(b);
            return List.copyOf(all);
        });
    }

    /** The revision of the spec the driver is given now (metadata.generation on a cluster). */
    public long revision() {
        return input.revision();
    }

    /** The status as last saved (a copy), as a person reading it would see it. */
    public HoradusReleaseStatus status() {
        return store.load();
    }

    /** Every status the driver saved, in order, each once (saves that changed nothing are not kept, as on a cluster). */
    public List<HoradusReleaseStatus> saved() {
        return store.trail();
    }

    /** When the status last changed. */
    public Instant lastSaved() {
        return store.lastSaved();
    }

    /** The events the driver published, in order. */
    public List<ReleaseEvent> events() {
        return List.copyOf(events);
    }

    /** Reasons of the passes that threw (retried), in order. */
    public List<String> failedPasses() {
        return List.copyOf(failedPasses);
    }

    public int passes() {
        return passes.get();
    }

    /** Stops the loop and the rounds; what runs on the host stays (the caller cleans its compose project). */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        wakeUps.release();
        loop.join(Duration.ofMinutes(2).toMillis());
        driver.deleted(key);
        rounds.close();
        builders.close();
        clients.close();
    }

    private void run() {
        Duration sleep = Duration.ZERO;
        int retries = 0;
        while (!closed) {
            try {
                wakeUps.tryAcquire(sleep.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            // Wake-ups that came while asleep or during the pass are served by this one pass, as JOSDK merges events.
            wakeUps.drainPermits();
            if (closed) {
                return;
            }
            var current = input;
            try {
                var after = driver.pass(current, store, events::addAll);
                retries = 0;
                sleep = after.map(d -> d.compareTo(LONGEST_SLEEP) > 0 ? LONGEST_SLEEP : d).orElse(NO_REQUEUE);
            } catch (RuntimeException e) {
                driver.failed(current, store, e);
                retries++;
                var backoff = RETRY_FIRST.multipliedBy(1L << Math.min(retries - 1, 10));
                sleep = backoff.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : backoff;
            }
        }
    }

    private static HoradusReleaseSpec copy(HoradusReleaseSpec spec) {
        return JSON.convertValue(spec, HoradusReleaseSpec.class);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HoradusReleaseStatus status(String json) {
        try {
            return JSON.readValue(json, HoradusReleaseStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status subresource's part: a copy out, a copy in, a save that changes nothing skipped. */
    private static final class MemoryStatus implements StatusStore {
        private final List<String> trail = new ArrayList<>();
        private Instant lastSaved = Instant.now();

        @Override
        public synchronized HoradusReleaseStatus load() {
            return trail.isEmpty() ? new HoradusReleaseStatus() : status(trail.get(trail.size() - 1));
        }

        @Override
        public synchronized void save(HoradusReleaseStatus status) {
            var json = json(status);
            if (!trail.isEmpty() && trail.get(trail.size() - 1).equals(json)) {
                return;
            }
            trail.add(json);
            lastSaved = Instant.now();
        }

        synchronized List<HoradusReleaseStatus> trail() {
            return trail.stream().map(DrivenRelease::status).toList();
        }

        synchronized Instant lastSaved() {
            return lastSaved;
        }
    }

    /** Secrets by namespace and name; a release that names none never asks. */
    private static final class MemorySecrets implements SecretStore {
        private final Map<String, Map<String, byte[]>> secrets = new ConcurrentHashMap<>();

        @Override
        public Optional<Map<String, byte[]>> read(String namespace, String name) {
            return Optional.ofNullable(secrets.get(namespace + "/" + name));
        }
    }

    /** Reviewers' approvals by namespace and release; a release that requires none never asks. */
    private static final class MemoryApprovals implements ApprovalSource {
        private final Map<String, List<Approval>> approvals = new ConcurrentHashMap<>();

        @Override
        public Approvals approvals(String namespace, String release) {
            return new Approvals.Found(approvals.getOrDefault(namespace + "/" + release, List.of()));
        }

        @Override
        public String approveCommand(String namespace, String release, String tag, String commit) {
            return "approve " + namespace + "/" + release + " " + tag + " " + commit;
        }
    }

    private final class Counted implements Telemetry {
        @Override
        public void passed(String key, HoradusReleaseStatus status, List<ReleaseEvent> found, Duration took) {
            passes.incrementAndGet();
        }

        @Override
        public void failed(String key, Reason reason, Duration took) {
            failedPasses.add(reason.name());
        }
    }
}

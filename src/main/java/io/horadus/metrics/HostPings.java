package io.horadus.metrics;

import io.horadus.compose.DockerClients;
import io.horadus.release.port.ComposeTarget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The Docker hosts the releases use, pinged on a thread of their own every period (and at once when a host
 * is first named), never on a health probe's or a scrape's request: a probe reads the last answers. One
 * ping per host however many releases share it. Exports {@code horadus_host_reachable{host}} (1/0) and
 * {@code horadus_host_ping_seconds{host}} (the last answered ping's round trip); a host no release names
 * any more loses its series. The host label is the endpoint without user info or query
 * ({@link DockerClients#describe}).
 */
public final class HostPings implements HostsInUse, AutoCloseable {

    /** Pings one Docker endpoint; throws when it does not answer. */
    @FunctionalInterface
    public interface Pinger {
        void ping(ComposeTarget target);
    }

    /** The last answer of one host. */
    public record Ping(boolean reachable, Duration took, String error, Instant at) {
    }

    private final MeterRegistry registry;
    private final Pinger pinger;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    /** The endpoint each release uses, by release key. */
    private final Map<String, ComposeTarget> targets = new ConcurrentHashMap<>();
    /** The last answer by host label; a host in use not pinged yet has none. */
    private final Map<String, Ping> answers = new ConcurrentHashMap<>();

    public HostPings(MeterRegistry registry, Pinger pinger, Duration period, Clock clock) {
        this.registry = registry;
        this.pinger = pinger;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "horadus-host-pings");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pingAll, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void use(String key, ComposeTarget target) {
        var host = host(target);
        var named = targets.values().stream().anyMatch(t -> host(t).equals(host));
        var previous = targets.put(key, target);
        if (!named && !executor.isShutdown()) {
            // A host newly named is pinged at once, not a period later.
            try {
                executor.execute(() -> pingOne(host));
            } catch (RejectedExecutionException closing) {
                // Shutting down: no more pings.
            }
        }
        if (previous != null && !host(previous).equals(host)) {
            forgetUnused();
        }
    }

    @Override
    public synchronized void drop(String key) {
        if (targets.remove(key) != null) {
            forgetUnused();
        }
    }

    /** The hosts in use and their last answers (empty: not pinged yet), sorted by host. */
    public Map<String, Optional<Ping>> hosts() {
        var hosts = new TreeMap<String, Optional<Ping>>();
        for (var target : targets.values()) {
            var host = host(target);
            hosts.put(host, Optional.ofNullable(answers.get(host)));
        }
        return hosts;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void pingAll() {
        for (var host : hosts().keySet()) {
            pingOne(host);
        }
    }

    private void pingOne(String host) {
        var target = targets.values().stream().filter(t -> host(t).equals(host)).findFirst();
        if (target.isEmpty()) {
            return;
        }
        var started = clock.instant();
        Ping ping;
        try {
            pinger.ping(target.get());
            ping = new Ping(true, Duration.between(started, clock.instant()), null, started);
        } catch (RuntimeException e) {
            ping = new Ping(false, Duration.between(started, clock.instant()), rootMessage(e), started);
        }
        var first = answers.put(host, ping) == null;
        if (first) {
            var tags = Tags.of("host", host);
            Gauge.builder("horadus_host_reachable", answers, a -> Optional.ofNullable(a.get(host)).map(p -> p.reachable() ? 1.0 : 0.0).orElse(Double.NaN))
                    .description("1 when the Docker host answered its last ping, 0 when it did not")
                    .tags(tags).register(registry);
            Gauge.builder("horadus_host_ping_seconds", answers, a -> Optional.ofNullable(a.get(host)).map(p -> p.took().toNanos() / 1e9).orElse(Double.NaN))
                    .description("How long the Docker host's last ping took (until it failed, for one that did not answer)")
                    .tags(tags).register(registry);
        }
        // A release that moved away while the ping ran: the host may be unused now.
        forgetUnused();
    }

    /** Hosts no release names any more lose their answers and series. */
    private synchronized void forgetUnused() {
        var inUse = targets.values().stream().map(HostPings::host).toList();
        for (var host : List.copyOf(answers.keySet())) {
            if (!inUse.contains(host)) {
                answers.remove(host);
                registry.find("horadus_host_reachable").tag("host", host).meters().forEach(registry::remove);
                registry.find("horadus_host_ping_seconds").tag("host", host).meters().forEach(registry::remove);
            }
        }
    }

    private static String host(ComposeTarget target) {
        return DockerClients.describe(target.dockerHost());
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }
}

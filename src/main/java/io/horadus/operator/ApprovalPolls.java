package io.horadus.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.api.HoradusApproval;
import io.horadus.api.HoradusRelease;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells a release awaiting approval that a reviewer has given one. Every {@code every}, one list call per
 * namespace in which a release waits, however many wait there; a release is reconciled when an approval
 * naming it appears, or when its namespace starts serving HoradusApprovals (the CRD was installed).
 * Waiting releases then look on their own only every recheck (a safety net), instead of each listing
 * its namespace and running a reconcile every few seconds: with 200 releases waiting, that polling was
 * 40 list calls and 40 reconciles a second.
 *
 * <p>Still no informer on the kind: the operator starts and works where only the HoradusRelease CRD is
 * installed, and needs no watch permission on approvals.
 */
final class ApprovalPolls extends SimpleInboundEventSource<HoradusRelease> {

    private static final Logger LOG = Logger.getLogger(ApprovalPolls.class);

    private final KubernetesClient client;
    private final Duration every;
    private final Duration forgetAfter;
    private final Clock clock;
    /** namespace → release name → when it last asked for its approvals. */
    private final Map<String, Map<String, Instant>> awaiting = new ConcurrentHashMap<>();
    /** namespace → the approvals (uid and resourceVersion) seen in it; absent: its list was never answered. */
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
    private ScheduledExecutorService poller;

    /**
     * @param every   how often a namespace with a waiting release is listed
     * @param recheck how often a waiting release asks on its own; one that has not asked for two rechecks
     *                waits no more
     */
    ApprovalPolls(KubernetesClient client, Duration every, Duration recheck, Clock clock) {
        super("horadus-approval-polls");
        this.client = client;
        this.every = every;
        this.forgetAfter = recheck.multipliedBy(2).plus(every);
        this.clock = clock;
    }

    /** This release waits for an approval (it has just asked for its approvals). */
    void awaiting(String namespace, String release) {
        var asked = clock.instant();
        // Atomic per namespace with the poller's removal of an empty namespace: no release is lost between the two.
        awaiting.compute(namespace, (n, releases) -> {
            var map = releases == null ? new ConcurrentHashMap<String, Instant>() : releases;
            map.put(release, asked);
            return map;
        });
    }

    /**
     * A waiting release found the kind missing (404): the next answered list wakes the namespace's waiting
     * releases, as a first answer does. The poller alone would miss a CRD deleted and installed again
     * between two of its polls (it never saw the 404), and the release would wait for its recheck.
     */
    void kindMissing(String namespace) {
        seen.remove(namespace);
    }

    @Override
    public synchronized void start() {
        super.start();
        if (poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                var thread = new Thread(runnable, "horadus-approval-polls");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::pollAll, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
        super.stop();
    }

    void pollAll() {
        var now = clock.instant();
        for (var namespace : awaiting.keySet()) {
            var releases = awaiting.computeIfPresent(namespace, (n, map) -> {
                map.values().removeIf(asked -> asked.plus(forgetAfter).isBefore(now));
                return map.isEmpty() ? null : map;
            });
            if (releases == null) {
                seen.remove(namespace);
                continue;
            }
            try {
                poll(namespace, releases.keySet());
            } catch (RuntimeException e) {
                // The next poll tries again; the releases' own recheck is the safety net.
                LOG.debugf("listing the HoradusApprovals of namespace %s failed: %s", namespace, e.getMessage());
            }
        }
    }

    private void poll(String namespace, Set<String> waiting) {
        List<HoradusApproval> items;
        try {
            items = client.resources(HoradusApproval.class).inNamespace(namespace).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                seen.remove(namespace);
                return;
            }
            throw e;
        }
        var before = seen.get(namespace);
        var now = new HashSet<String>();
        for (var approval : items) {
            var id = approval.getMetadata().getUid() + "@" + approval.getMetadata().getResourceVersion();
            now.add(id);
            var release = approval.getSpec() == null ? null : approval.getSpec().getRelease();
            if (before != null && !before.contains(id) && release != null && waiting.contains(release)) {
                propagateEvent(new ResourceID(release, namespace));
            }
        }
        if (before == null) {
            // The first answer (or the first since the CRD was installed): every waiting release looks once.
            waiting.forEach(release -> propagateEvent(new ResourceID(release, namespace)));
        }
        seen.put(namespace, now);
    }
}

package io.horadus.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Every status of one HoradusRelease as the API server stored it, in order, seen through a watch as
 * {@code kubectl get -w} shows it: polling would miss the states a reconcile writes and replaces within
 * a second (the intent of a step, a failed round).
 */
final class StatusTrail implements AutoCloseable {

    private final KubernetesClient client;
    private final String name;
    private final Watch watch;
    /** Guarded by this. */
    private final List<HoradusReleaseStatus> statuses = new ArrayList<>();
    /** Guarded by this. */
    private Instant lastChanged = Instant.now();

    StatusTrail(KubernetesClient client, String name) {
        this.client = client;
        this.name = name;
        // The whole namespace, filtered here: the release does not exist yet when the watch begins.
        this.watch = client.resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, HoradusRelease resource) {
                // A pass stamps observedGeneration in every status it writes: a status without it is the empty
                // one the test's client created the object with (HoradusRelease.initStatus), not the operator's.
                if (action != Action.DELETED && name.equals(resource.getMetadata().getName()) && resource.getStatus() != null
                        && resource.getStatus().getObservedGeneration() != null) {
                    seen(resource);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
                if (cause != null) {
                    System.err.println("status watch of " + name + " closed: " + cause);
                }
            }
        });
    }

    /** The statuses seen, each once: an object written with the same status (a spec edit) adds nothing. */
    synchronized List<HoradusReleaseStatus> statuses() {
        return List.copyOf(statuses);
    }

    /** When a new status was last seen. */
    synchronized Instant lastChanged() {
        return lastChanged;
    }

    /** The reasons of the Events the operator wrote about the release, one per Event, sorted (the API lists them in no set order). */
    List<String> eventReasons() {
        return client.v1().events().inNamespace(Releases.NAMESPACE).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getReason())
                .sorted()
                .toList();
    }

    private synchronized void seen(HoradusRelease resource) {
        var json = client.getKubernetesSerialization().asJson(resource.getStatus());
        if (!statuses.isEmpty() && Objects.equals(client.getKubernetesSerialization().asJson(statuses.get(statuses.size() - 1)), json)) {
            return;
        }
        statuses.add(client.getKubernetesSerialization().unmarshal(json, HoradusReleaseStatus.class));
        lastChanged = Instant.now();
    }

    @Override
    public void close() {
        watch.close();
    }
}

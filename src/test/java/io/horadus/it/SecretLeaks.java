package io.horadus.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.horadus.api.HoradusRelease;

import java.io.IOException;
import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a secret must never show: every release's status (conditions, history, incidents and the
 * command lines of status.lastCommand included), the Events of the namespace, and the operator's log.
 */
final class SecretLeaks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretLeaks() {
    }

    static void assertNowhere(Cluster cluster, OperatorProcess operator, Collection<String> secrets) throws IOException {
        var statuses = json(cluster.client().resources(HoradusRelease.class).inNamespace(Releases.NAMESPACE).list().getItems()
                .stream().map(HoradusRelease::getStatus).toList());
        var events = json(cluster.client().v1().events().inNamespace(Releases.NAMESPACE).list().getItems());
        var log = operator.log();
        for (var secret : secrets) {
            assertThat(statuses).as("status").doesNotContain(secret);
            assertThat(events).as("Events").doesNotContain(secret);
            assertThat(log).as("operator log").doesNotContain(secret);
        }
    }

    private static String json(Object value) throws JsonProcessingException {
        return JSON.writeValueAsString(value);
    }
}

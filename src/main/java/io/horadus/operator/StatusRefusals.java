package io.horadus.operator;

import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.horadus.release.driver.StatusRefusedException;

import java.util.List;
import java.util.Optional;

/**
 * The API server's refusal of a status write, in its own words. A 422 is a value the CRD's schema does not
 * allow (typically a CRD older than the operator): writing it again cannot help, unlike a 409 (a newer
 * object), so it must not go into JOSDK's wait for a newer cached object, which ends after 10 s with
 * "Timeout of resource polling from cache" and drops the server's message.
 */
final class StatusRefusals {

    /** Enough for the server's sentence; an invalid value it quotes can be long. */
    private static final int MESSAGE_LIMIT = 600;

    private StatusRefusals() {
    }

    static Optional<StatusRefusedException> of(KubernetesClientException e) {
        if (e.getCode() != 422) {
            return Optional.empty();
        }
        var status = e.getStatus();
        var causes = status == null || status.getDetails() == null || status.getDetails().getCauses() == null
                ? List.<StatusCause>of() : status.getDetails().getCauses();
        var fields = causes.stream().map(StatusCause::getField)
                // The server adds a cause with field "<nil>": "some validation rules were not checked because the object was invalid".
                .filter(f -> f != null && !f.isBlank() && !f.equals("<nil>")).distinct().toList();
        var said = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        var of = fields.isEmpty() ? "" : " of " + String.join(", ", fields);
        return Optional.of(new StatusRefusedException("the API server refused the status write" + of + " (HTTP 422): " + bounded(said), e));
    }

    private static String bounded(String text) {
        var oneLine = text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " | ");
        return oneLine.length() <= MESSAGE_LIMIT ? oneLine : oneLine.substring(0, MESSAGE_LIMIT) + "…";
    }
}

package io.horadus.operator;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusRefusalsTest {

    @Test
    @DisplayName("a 422 is a refusal in the server's words, naming the fields it refused (not the server's \"<nil>\"); its cause is kept")
    void invalid() {
        var status = new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("HoradusRelease.horadus.io \"web\" is invalid: status.phase: Unsupported value: \"Migrating\": supported values: \"Pending\", \"Ready\"")
                .withNewDetails().addNewCause().withField("status.phase").withReason("FieldValueNotSupported")
                .withMessage("Unsupported value: \"Migrating\"").endCause()
                .addNewCause().withField("<nil>").withReason("FieldValueInvalid")
                .withMessage("Invalid value: null: some validation rules were not checked because the object was invalid").endCause()
                .endDetails().build();
        var error = new KubernetesClientException(status);

        var refused = StatusRefusals.of(error).orElseThrow();

        assertThat(refused.getMessage()).isEqualTo("the API server refused the status write of status.phase (HTTP 422): HoradusRelease.horadus.io \"web\""
                + " is invalid: status.phase: Unsupported value: \"Migrating\": supported values: \"Pending\", \"Ready\"");
        assertThat(refused.getCause()).isSameAs(error);
    }

    @Test
    @DisplayName("a conflict or an unreachable server is not a refusal: JOSDK writes again on the newer object, or the retry does")
    void notARefusal() {
        assertThat(StatusRefusals.of(new KubernetesClientException("the object has been modified", 409, null))).isEmpty();
        assertThat(StatusRefusals.of(new KubernetesClientException("connection refused"))).isEmpty();
    }

    @Test
    @DisplayName("a long invalid value quoted by the server is cut, on one line")
    void bounded() {
        var error = new KubernetesClientException("is invalid: status.x: Invalid value: \"" + "a".repeat(5000) + "\"\nsecond line", 422, null);

        var message = StatusRefusals.of(error).orElseThrow().getMessage();

        assertThat(message).hasSizeLessThan(700).doesNotContain("\n").endsWith("…");
    }
}

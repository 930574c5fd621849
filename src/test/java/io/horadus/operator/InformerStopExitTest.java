package io.horadus.operator;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InformerStopExitTest {

    @Test
    @DisplayName("only an informer that synced and then stopped with an error ends the process; a shutdown or a failed start does not")
    void fatalOnlyAfterSync() {
        var error = new IllegalStateException("watch refused for good");

        assertThat(InformerStopExit.fatal(error, true)).isTrue();
        assertThat(InformerStopExit.fatal(null, true)).as("the operator shutting down").isFalse();
        assertThat(InformerStopExit.fatal(error, false)).as("JOSDK's start fails by itself").isFalse();
    }
}

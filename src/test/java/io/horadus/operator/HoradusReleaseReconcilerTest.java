package io.horadus.operator;

import io.horadus.release.port.SourceUnavailableException;
import io.javaoperatorsdk.operator.OperatorException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HoradusReleaseReconcilerTest {

    @Test
    @DisplayName("the reconcile's exception, as JOSDK's metrics wrap it, is read unwrapped: status and the log get its own message")
    void unwrapsTheMetricsWrapper() {
        var thrown = new SourceUnavailableException("cannot fetch https://git.example/none.git: not found", null);

        assertThat(HoradusReleaseReconciler.unwrapped(new OperatorException(thrown))).isSameAs(thrown);
        assertThat(HoradusReleaseReconciler.unwrapped(thrown)).isSameAs(thrown);
        var own = new OperatorException("Exceeded maximum (10) retry attempts to patch resource: default/web", thrown);
        assertThat(HoradusReleaseReconciler.unwrapped(own)).as("JOSDK's own message is kept").isSameAs(own);
    }
}

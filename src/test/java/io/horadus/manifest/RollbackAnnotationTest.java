package io.horadus.manifest;

import io.horadus.release.RollbackRequest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The horadus.io/rollback annotation's value as the request the engine is handed. */
class RollbackAnnotationTest {

    @Test
    @DisplayName("TAG@TOKEN names a kept tag; the whole value is the token, so another tag with the same token is another request")
    void tagAndToken() {
        assertThat(RollbackAnnotation.parse("v1.1.0@1733440000")).contains(new RollbackRequest("v1.1.0", "v1.1.0@1733440000"));
        assertThat(RollbackAnnotation.parse("v1.0.0@1733440000")).contains(new RollbackRequest("v1.0.0", "v1.0.0@1733440000"));
    }

    @Test
    @DisplayName("last-good@TOKEN (or @TOKEN alone) asks for the release the automatic rollback would return to")
    void lastGood() {
        assertThat(RollbackAnnotation.parse("last-good@1733440000")).contains(RollbackRequest.lastGood("last-good@1733440000"));
        assertThat(RollbackAnnotation.parse("@1733440000")).contains(RollbackRequest.lastGood("@1733440000"));
    }

    @Test
    @DisplayName("a value without a token is its own token; an absent or blank value asks for nothing")
    void withoutToken() {
        assertThat(RollbackAnnotation.parse("v1.1.0")).contains(new RollbackRequest("v1.1.0", "v1.1.0"));
        assertThat(RollbackAnnotation.parse(null)).isEmpty();
        assertThat(RollbackAnnotation.parse("  ")).isEmpty();
    }
}

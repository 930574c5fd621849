package io.horadus.release;

import io.horadus.api.VersionPolicySpec;
import io.horadus.release.policy.VersionPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which version changes a release may make, by semantic version rather than by text. */
class VersionPolicyTest {

    private final VersionPolicySpec policy = new VersionPolicySpec();

    @Test
    @DisplayName("newer versions pass, compared as numbers (v1.10.0 is newer than v1.9.0)")
    void newer() {
        assertThat(VersionPolicy.refusal(policy, "v1.10.0", "v1.9.0")).isEmpty();
        assertThat(VersionPolicy.refusal(policy, "v2.0.0", "v1.99.99")).isEmpty();
        assertThat(VersionPolicy.refusal(policy, "v1.0.1", "v1.0.0")).isEmpty();
        assertThat(VersionPolicy.refusal(policy, "v99999999999999999999.0.0", "v1.0.0")).isEmpty();
    }

    @Test
    @DisplayName("an older version is refused, naming both and the way to go back on purpose")
    void older() {
        assertThat(VersionPolicy.refusal(policy, "v1.9.0", "v1.10.0")).hasValueSatisfying(message -> assertThat(message)
                .startsWith("v1.9.0 is older than v1.10.0, which the host runs").endsWith("set spec.versionPolicy.allowDowngrade: true"));
        assertThat(VersionPolicy.refusal(policy, "v0.9.9", "v1.0.0")).isPresent();
        assertThat(VersionPolicy.refusal(policy, "v1.0.0", "v1.0.1")).isPresent();
    }

    @Test
    @DisplayName("the same tag is a retry, a first release has nothing to compare with, and allowDowngrade lets an older one through")
    void allowed() {
        assertThat(VersionPolicy.refusal(policy, "v1.2.0", "v1.2.0")).isEmpty();
        assertThat(VersionPolicy.refusal(policy, "v1.2.0", null)).isEmpty();
        policy.setAllowDowngrade(true);
        assertThat(VersionPolicy.refusal(policy, "v1.0.0", "v2.0.0")).isEmpty();
    }
}

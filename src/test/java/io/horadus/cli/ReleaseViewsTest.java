package io.horadus.cli;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.horadus.api.Condition;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.PromotionSpec;
import io.horadus.api.PromotionStatus;
import io.horadus.api.RevokedTag;
import io.horadus.api.UpstreamRollbackPolicy;
import io.horadus.api.UpstreamVerdict;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseViewsTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String STAGING_COMMIT = "abc1234def5678abc1234def5678abc1234def56";
    private static final String DEV_COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void describeShowsTheChainEachUpstreamsVerdictWithItsSoakEndAndTheRevokedTags() {
        var release = release("production", promotion(List.of("dev", "staging"), 3600, false, UpstreamRollbackPolicy.RollBack));
        var status = new HoradusReleaseStatus();
        status.setPhase(Phase.AwaitingUpstream);
        status.getConditions().add(new Condition("UpstreamVerified", "Unknown", "SoakPending", "v1.1.0 (commit abc1234) waits for its upstreams",
                T0.toString(), 1L));
        var found = new PromotionStatus();
        found.setChain(new ArrayList<>(List.of("dev", "staging", "production")));
        found.setTag("v1.1.0");
        found.setCheckedAt(T0.toString());
        found.setUpstreams(new ArrayList<>(List.of(
                new UpstreamVerdict("dev", "UpstreamVerified", "dev verified v1.1.0 at 2026-12-06T08:00:00Z", STAGING_COMMIT, "2026-12-06T08:00:00Z", null),
                new UpstreamVerdict("staging", "SoakPending", "staging verified v1.1.0 at 2026-12-06T09:50:00Z; its soak ends at 2026-12-06T10:50:00Z",
                        STAGING_COMMIT, "2026-12-06T09:50:00Z", "2026-12-06T10:50:00Z"))));
        found.setRevoked(new ArrayList<>(List.of(new RevokedTag("v1.0.1", DEV_COMMIT, "dev", "2026-12-05T12:00:00Z"))));
        status.setPromotion(found);
        release.setStatus(status);

        var lines = describe(release, T0.plusSeconds(30));

        assertThat(lines).containsSubsequence(
                "Promotion:",
                "  Chain:       dev → staging → production",
                "  Soak:        1h0m, on upstream rollback: RollBack",
                "  Tag:         v1.1.0, checked 2026-12-06T10:00:00Z (30s ago)",
                "  Upstreams:",
                "  Revoked (never promoted automatically again):",
                "    v1.0.1 (0123456), rolled back by dev (2026-12-05T12:00:00Z)");
        assertThat(row(lines, "dev")).containsExactly("dev", "UpstreamVerified", "abc1234", "2026-12-06T08:00:00Z", "dev", "verified", "v1.1.0", "at",
                "2026-12-06T08:00:00Z");
        assertThat(row(lines, "staging")).startsWith("staging", "SoakPending", "abc1234", "2026-12-06T09:50:00Z", "2026-12-06T10:50:00Z", "staging");
        assertThat(lines).as("the header").anySatisfy(line -> assertThat(line.trim().split("\\s{2,}"))
                .containsExactly("NAME", "VERDICT", "COMMIT", "VERIFIED", "SOAK ENDS", "MESSAGE"));
    }

    @Test
    void beforeTheFirstCheckTheChainComesFromTheSpecAndAutoSaysWhomItFollows() {
        var release = release("production", promotion(List.of("staging"), 0, true, UpstreamRollbackPolicy.Report));

        var lines = describe(release, T0);

        assertThat(lines).containsSubsequence(
                "Promotion:",
                "  Chain:       staging → production",
                "  Soak:        none, auto (follows staging's last good tag), on upstream rollback: Report");
        assertThat(lines).noneMatch(line -> line.contains("Upstreams:") || line.contains("Revoked"));
    }

    @Test
    void promotionRemovedFromTheSpecStillShowsWhatTheLastCheckSaid() {
        var release = release("production", null);
        var status = new HoradusReleaseStatus();
        var found = new PromotionStatus();
        found.setRevoked(new ArrayList<>(List.of(new RevokedTag("v1.0.1", null, "staging", null))));
        status.setPromotion(found);
        release.setStatus(status);

        assertThat(describe(release, T0)).containsSubsequence("Promotion:", "  Chain:       production",
                "  Revoked (never promoted automatically again):", "    v1.0.1, rolled back by staging");
    }

    @Test
    void aReleaseWithoutPromotionHasNoPromotionSection() {
        assertThat(describe(release("staging", null), T0)).noneMatch(line -> line.startsWith("Promotion"));
    }

    private static List<String> describe(HoradusRelease release, Instant now) {
        var bytes = new ByteArrayOutputStream();
        ReleaseViews.describe(release, now, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The words of the upstreams table's row of {@code name}. */
    private static List<String> row(List<String> lines, String name) {
        return lines.stream().filter(line -> line.startsWith("    " + name + " ")).findFirst()
                .map(line -> List.of(line.trim().split("\\s+"))).orElseThrow(() -> new AssertionError("no row of " + name + " in " + lines));
    }

    private static HoradusRelease release(String name, PromotionSpec promotion) {
        var release = new HoradusRelease();
        release.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").withGeneration(1L)
                .withCreationTimestamp(T0.minusSeconds(3600).toString()).build());
        var spec = new HoradusReleaseSpec();
        spec.setTag(promotion != null && promotion.isAuto() ? null : "v1.1.0");
        spec.setPromotion(promotion);
        release.setSpec(spec);
        return release;
    }

    private static PromotionSpec promotion(List<String> from, long soakSeconds, boolean auto, UpstreamRollbackPolicy policy) {
        var promotion = new PromotionSpec();
        promotion.setFrom(new ArrayList<>(from));
        promotion.setSoakSeconds(soakSeconds);
        promotion.setAuto(auto);
        promotion.setOnUpstreamRollback(policy);
        return promotion;
    }
}

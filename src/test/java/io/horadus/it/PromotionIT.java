package io.horadus.it;

import io.horadus.api.ApprovalRequirement;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.Phase;
import io.horadus.api.PromotionSpec;
import io.horadus.api.UpstreamRollbackPolicy;
import io.horadus.demo.SampleApp;
import io.horadus.testing.GitFixture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stages with the packaged operator on Kubernetes v1.36's CRD server, a real Docker engine, real compose
 * and real git: a staging and production compose project on one engine, released from the same commits
 * (each stage's compose file, in the same commits, gives its own API port).
 */
class PromotionIT extends CrdServerHarness {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final int SOAK = 8;

    /** A waiting release looks at its upstreams every second when no wake-up comes. */
    @Override
    protected Map<String, String> settings() {
        return Map.of("quarkus.profile", "single", "horadus.approval-poll", "1S");
    }

    @Test
    @DisplayName("production waits (nothing runs) until staging released the tag and ran it healthy for the soak; a tag staging never ran waits; a moved tag is CommitMismatch")
    void waitsForStagingAndTheSoak() throws Exception {
        var staging = stage();
        var production = stage();
        var late = stage();
        stages = List.of(staging, production, late);
        var git = repository("v1.0.0");

        create("production", "v1.0.0", git, production, spec -> spec.setPromotion(promotion(SOAK, "staging")));
        await().atMost(TIMEOUT).until(() -> upstreamReason("production").equals("UpstreamNotReleased"));
        assertThat(releases.get("production").getStatus().getPhase()).isEqualTo(Phase.AwaitingUpstream);
        assertThat(releases.condition("production", "UpstreamVerified").orElseThrow().getMessage())
                .contains("staging: release staging is not found in this namespace");
        assertThat(HostProbe.traces(production.project(), production.port())).as("nothing of production runs").isEmpty();

        create("staging", "v1.0.0", git, staging, spec -> { });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("staging", "v1.0.0"));
        var verifiedAt = Instant.parse(releases.get("staging").getStatus().getRelease().getVerifiedAt());
        await().atMost(TIMEOUT).until(() -> releases.readyAt("production", "v1.0.0"));

        var status = releases.get("production").getStatus();
        var built = releases.condition("production", "Built").orElseThrow();
        assertThat(Instant.parse(built.getLastTransitionTime())).as("nothing was built before the soak ended")
                .isAfterOrEqualTo(verifiedAt.plusSeconds(SOAK));
        assertThat(status.getRelease().getCommit()).isEqualTo(releases.get("staging").getStatus().getRelease().getCommit());
        assertThat(status.getPromotion().getChain()).containsExactly("staging", "production");
        assertThat(status.getPromotion().getUpstreams()).singleElement().satisfies(v -> assertThat(v.getReason()).isEqualTo("UpstreamVerified"));
        assertThat(status.getHistory().get(0).getImages()).extracting(i -> i.getService()).contains("api", "worker");
        assertThat(HostProbe.get(healthUrl(production))).isEqualTo("ok v1.0.0");

        tag(git, "v1.1.0");
        releases.edit("production", spec -> {
            spec.setTag("v1.1.0");
            spec.getPromotion().setSoakSeconds(3600);
        });
        await().atMost(TIMEOUT).until(() -> upstreamReason("production").equals("UpstreamNotReleased"));
        assertThat(releases.condition("production", "UpstreamVerified").orElseThrow().getMessage())
                .contains("staging has not released v1.1.0 (it runs v1.0.0)");
        assertThat(HostProbe.get(healthUrl(production))).as("production keeps running v1.0.0").isEqualTo("ok v1.0.0");

        releases.setTag("staging", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("staging", "v1.1.0"));
        await().atMost(TIMEOUT).until(() -> upstreamReason("production").equals("SoakPending"));
        var stagingVerified = Instant.parse(releases.get("staging").getStatus().getRelease().getVerifiedAt());
        assertThat(releases.get("production").getStatus().getPromotion().getUpstreams()).singleElement()
                .satisfies(v -> assertThat(Instant.parse(v.getSoakEndsAt())).isEqualTo(stagingVerified.plusSeconds(3600)));

        // The tag is moved to another commit after staging released it: a release resolving it now gets the new one.
        var moved = git.commit(files("v1.1.0", "moved"), "Horadus v1.1.0, again");
        git.moveTag("v1.1.0", moved, "Release v1.1.0\n\nNotes for v1.1.0.");
        create("late", "v1.1.0", git, late, spec -> spec.setPromotion(promotion(0, "staging")));
        await().atMost(TIMEOUT).until(() -> upstreamReason("late").equals("CommitMismatch"));
        assertThat(releases.get("late").getStatus().getPhase()).isEqualTo(Phase.AwaitingUpstream);
        assertThat(releases.condition("late", "UpstreamVerified").orElseThrow().getMessage())
                .contains("staging released v1.1.0 as commit " + releases.get("staging").getStatus().getRelease().getCommit().substring(0, 12))
                .contains("here it resolved to " + moved.substring(0, 12));
        assertThat(HostProbe.traces(late.project(), late.port())).isEmpty();
        assertThat(HostProbe.get(healthUrl(production))).isEqualTo("ok v1.0.0");
    }

    @Test
    @DisplayName("an upstream (qa) rolls back v1.1.0: a release awaiting approval stops, released production is rolled back (RollBack), auto stays, then follows v1.2.0")
    void stagingRollbackAcrossStages() throws Exception {
        var staging = stage();
        var released = stage();
        var reviewed = stage();
        var following = stage();
        stages = List.of(staging, released, reviewed, following);
        var git = repository("v1.0.0", "v1.1.0", "v1.2.0");

        create("qa", "v1.0.0", git, staging, spec -> spec.getVerify().setFailureThreshold(2));
        create("released", "v1.0.0", git, released, spec -> {
            spec.setPromotion(promotion(0, "qa"));
            spec.getPromotion().setOnUpstreamRollback(UpstreamRollbackPolicy.RollBack);
        });
        create("reviewed", "v1.0.0", git, reviewed, spec -> spec.setPromotion(promotion(0, "qa")));
        create("following", null, git, following, spec -> {
            spec.setPromotion(promotion(0, "qa"));
            spec.getPromotion().setAuto(true);
        });
        for (var name : List.of("qa", "released", "reviewed", "following")) {
            await().atMost(TIMEOUT).until(() -> releases.readyAt(name, "v1.0.0"));
        }
        assertThat(releases.get("following").getStatus().getDesiredTag()).isEqualTo("v1.0.0");

        // v1.1.0 is watched for a long window in qa: it is not its last good tag when its health breaks.
        releases.edit("qa", spec -> {
            spec.setTag("v1.1.0");
            spec.getVerify().setWatchSeconds(600);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("qa", "v1.1.0"));
        releases.setTag("released", "v1.1.0");
        await().atMost(TIMEOUT).until(() -> releases.readyAt("released", "v1.1.0"));
        releases.edit("reviewed", spec -> {
            spec.setTag("v1.1.0");
            spec.getApproval().setRequired(ApprovalRequirement.Always);
        });
        await().atMost(TIMEOUT).until(() -> releases.get("reviewed").getStatus().getPhase() == Phase.AwaitingApproval);

        // QA's v1.1.0 loses its health page inside its watch window: staging rolls it back.
        HostProbe.docker("exec", HostProbe.containerOf(staging.project(), "api"), "rm", "-f", "/www/health");
        await().atMost(TIMEOUT).until(() -> releases.get("qa").getStatus().getPhase() == Phase.RolledBack);

        await().atMost(TIMEOUT).until(() -> releases.get("reviewed").getStatus().getPhase() == Phase.Failed);
        assertThat(releases.condition("reviewed", "Stalled").orElseThrow()).satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("UpstreamRolledBack");
            assertThat(c.getMessage()).contains("v1.1.0 stops before Approve: qa rolled back v1.1.0");
        });
        assertThat(HostProbe.traces(reviewed.project(), reviewed.port())).as("reviewed built nothing of v1.1.0")
                .noneMatch(line -> line.endsWith(":v1.1.0"));
        assertThat(HostProbe.get(healthUrl(reviewed))).isEqualTo("ok v1.0.0");

        await().atMost(TIMEOUT).until(() -> releases.get("released").getStatus().getPhase() == Phase.RolledBack);
        assertThat(releases.get("released").getStatus().getCurrentTag()).isEqualTo("v1.0.0");
        assertThat(releases.condition("released", "UpstreamVerified").orElseThrow().getReason()).isEqualTo("UpstreamRolledBack");
        // status.rollback.upstream survives the server's schema (a field it did not know would be pruned at the write).
        assertThat(releases.get("released").getStatus().getRollback().getUpstream()).startsWith("qa rolled back v1.1.0 (commit ");
        assertThat(releases.condition("released", "RolledBack").orElseThrow().getMessage())
                .startsWith("v1.1.0 rolled back to v1.0.0 after an upstream rolled it back: qa rolled back v1.1.0");
        assertThat(HostProbe.get(healthUrl(released))).isEqualTo("ok v1.0.0");

        assertThat(releases.get("following").getStatus().getCurrentTag()).as("auto never took v1.1.0").isEqualTo("v1.0.0");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(releases.get("following").getStatus().getPromotion().getRevoked())
                .extracting(r -> r.getTag()).contains("v1.1.0"));

        releases.edit("qa", spec -> {
            spec.setTag("v1.2.0");
            spec.getVerify().setWatchSeconds(0);
        });
        await().atMost(TIMEOUT).until(() -> releases.readyAt("following", "v1.2.0"));
        assertThat(HostProbe.get(healthUrl(following))).isEqualTo("ok v1.2.0");
        assertThat(releases.get("following").getStatus().getHistory()).extracting(h -> h.getTag()).doesNotContain("v1.1.0");
    }

    /** A compose project and API port of its own; the first of {@link #stages} is the one the base compose file serves. */
    private record Stage(String project, int port) {
        String composeFile() {
            return "docker-compose." + project + ".yml";
        }
    }

    private List<Stage> stages;

    private Stage stage() {
        var app = app();
        return new Stage(app.project(), app.port());
    }

    private GitFixture repository(String... tags) throws Exception {
        var git = repositoryWith();
        for (var tag : tags) {
            tag(git, tag);
        }
        return git;
    }

    private void tag(GitFixture git, String tag) {
        git.commit(files(tag, ""), "Horadus " + tag);
        git.annotatedTag(tag, "Release " + tag + "\n\nNotes for " + tag + ".");
    }

    /**
     * The sample app at {@code tag} for the first stage, and for each other stage a compose file rendered for
     * its own port, given after the base one: one commit serves every stage, as the runbook's stages share it.
     */
    private Map<String, String> files(String tag, String marker) {
        var files = new HashMap<>(SampleApp.files(SampleApp.Variant.ok(tag, stages.get(0).port())));
        for (var stage : stages.subList(1, stages.size())) {
            files.put(stage.composeFile(), SampleApp.files(SampleApp.Variant.ok(tag, stage.port())).get(SampleApp.COMPOSE_FILE));
        }
        if (!marker.isEmpty()) {
            files.put(SampleApp.COMPOSE_FILE, files.get(SampleApp.COMPOSE_FILE) + "# " + marker + "\n");
        }
        return files;
    }

    private void create(String name, String tag, GitFixture git, Stage stage, Consumer<HoradusReleaseSpec> customize) {
        releases.create(name, tag, git.url(), stage.project(), healthUrl(stage), "http://127.0.0.1:" + stage.port() + "/metrics", spec -> {
            if (!stage.equals(stages.get(0))) {
                spec.getTarget().setComposeFiles(new ArrayList<>(List.of(SampleApp.COMPOSE_FILE, stage.composeFile())));
            }
            customize.accept(spec);
        });
    }

    private static PromotionSpec promotion(int soakSeconds, String... from) {
        var promotion = new PromotionSpec();
        promotion.setFrom(new ArrayList<>(List.of(from)));
        promotion.setSoakSeconds(soakSeconds);
        return promotion;
    }

    private static String healthUrl(Stage stage) {
        return "http://127.0.0.1:" + stage.port() + "/health";
    }

    private String upstreamReason(String release) {
        return releases.condition(release, "UpstreamVerified").map(c -> c.getReason()).orElse("");
    }
}

package io.horadus.gitops;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import io.horadus.api.ConditionType;
import io.horadus.api.GateOutcome;
import io.horadus.api.HoradusRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.RollbackState;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.release.Standing;
import io.horadus.release.StatusSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * integrations/argocd's health.lua, run as Argo CD runs it over every case of its health_test.yaml (the
 * file Argo CD's own resource_customizations tests read), and the cases themselves: one per Reason, each
 * a status the operator writes.
 */
class ArgoCdHealthTest {

    private static final GitOpsCases CASES = GitOpsCases.read();

    /**
     * Reasons the operator publishes only as Events, never in status: their case is the status as it
     * stands when the Event is published, and shows what the Event is about.
     */
    private static final Map<Reason, Predicate<HoradusReleaseStatus>> EVENT_ONLY = Map.of(
            Reason.ReleaseStarted, s -> s.getRelease().getStep() == Step.Resolve && s.getRelease().getStepState() == StepState.Pending,
            Reason.ReleaseNotes, s -> s.getRelease().getNotes() != null,
            Reason.GateStarted, s -> gateResults(s).contains(GateOutcome.Running),
            Reason.GatePassed, s -> gateResults(s).contains(GateOutcome.Passed),
            Reason.GateSkipped, s -> gateResults(s).contains(GateOutcome.Skipped),
            Reason.GateAllowedFailure, s -> gateResults(s).contains(GateOutcome.AllowedFailure),
            Reason.Promoted, s -> s.getCurrentTag().equals(s.getLastGoodTag()) && s.getGoodReleases().get(0).getTag().equals(s.getCurrentTag()),
            Reason.RollbackRestored, s -> s.getRollback().getState() == RollbackState.Verifying && s.getCurrentTag().equals(s.getRollback().getToTag()),
            // A webhook not told of a release: the release went on, Ready; the Event names the Secret.
            Reason.NotificationFailed, s -> s.getPhase() == Phase.Ready);

    static Stream<GitOpsCases.Case> cases() {
        return CASES.cases().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void argoCdShowsTheHealthTheCaseExpects(GitOpsCases.Case c) {
        var health = ArgoCdLua.health(GitOpsCases.text(GitOpsCases.HEALTH_LUA), c.object());

        assertThat(health.status()).as("status").isEqualTo(c.status());
        assertThat(health.message()).as("message").isEqualTo(c.message());
    }

    @Test
    void everyReasonHasItsCase() {
        var named = CASES.cases().stream().map(GitOpsCases.Case::name).toList();

        var missing = Arrays.stream(Reason.values()).map(Reason::name).filter(r -> !named.contains(r)).toList();

        assertThat(missing).as("Reasons without a case testdata/<Reason>.yaml in health_test.yaml: add one, with the health Argo CD shows").isEmpty();
    }

    @Test
    void everyPhaseHasACase() {
        var shown = CASES.cases().stream().map(c -> c.object().path("status").path("phase").asText()).toList();

        assertThat(Arrays.stream(Phase.values()).map(Phase::name).filter(p -> !shown.contains(p)).toList()).isEmpty();
    }

    @Test
    void everyTestdataFileIsACase() throws IOException {
        List<String> files;
        try (var list = Files.list(GitOpsCases.DIR.resolve("testdata"))) {
            files = list.map(p -> "testdata/" + p.getFileName()).sorted().toList();
        }

        assertThat(files).containsExactlyInAnyOrderElementsOf(CASES.cases().stream().map(GitOpsCases.Case::inputPath).toList());
    }

    /** A Reason's case shows that reason where the operator writes it: a condition or a history entry, or for an Event, what it reports. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("reasonCases")
    void aReasonsCaseShowsTheReason(GitOpsCases.Case c) {
        var reason = Reason.valueOf(c.name());
        var status = release(c.object()).getStatus();

        if (EVENT_ONLY.containsKey(reason)) {
            assertThat(written(status)).as("an Event-only reason is never written to status").doesNotContain(reason.name());
            assertThat(EVENT_ONLY.get(reason)).as("the status shows what the " + reason + " Event reports").accepts(status);
        } else {
            assertThat(written(status)).contains(reason.name());
        }
    }

    static Stream<GitOpsCases.Case> reasonCases() {
        return CASES.cases().stream().filter(c -> Reason.of(c.name()).isPresent());
    }

    /**
     * Each object reads as a HoradusRelease with no field unknown to the API types, and its summary
     * conditions (Ready, Reconciling, Stalled) and phase are exactly what the operator's StatusSummary
     * writes for some standing: the shapes Argo CD and Flux judge are the operator's, not invented ones.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithConditions")
    void theObjectIsAStatusTheOperatorWrites(GitOpsCases.Case c) {
        var status = release(c.object()).getStatus();
        var reconciling = status.getConditions().stream().filter(x -> x.getType().equals(ConditionType.Reconciling.name())).findFirst().orElseThrow();
        var reason = Reason.of(reconciling.getReason()).orElseThrow();
        var message = reconciling.getMessage();

        var written = standings(reason, message, status).stream().filter(s -> StatusSummary.of(s).heldIn(status)).toList();

        assertThat(written).as("a standing whose summary the status holds").isNotEmpty();
    }

    static Stream<GitOpsCases.Case> casesWithConditions() {
        return CASES.cases().stream().filter(c -> !c.object().path("status").path("conditions").isEmpty());
    }

    private static List<Standing> standings(Reason reason, String message, HoradusReleaseStatus status) {
        var all = new ArrayList<Standing>(List.of(new Standing.Released(message), new Standing.RollingBack(message),
                new Standing.RolledBack(reason, message), new Standing.Failed(reason, message), new Standing.Suspended(message),
                new Standing.Retrying(reason, message)));
        for (var step : List.of(Step.Resolve, Step.Upstream, Step.Gate, Step.Approve, Step.Build, Step.Migrate, Step.RollOut, Step.Verify)) {
            if (status.getRelease() != null) {
                all.add(new Standing.Entering(step, status.getRelease().getTag()));
            }
            all.add(new Standing.Working(step, reason, message));
            all.add(new Standing.AwaitingPerson(step, reason, message));
        }
        return all;
    }

    private static HoradusRelease release(JsonNode object) {
        try {
            return GitOpsCases.YAML.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).treeToValue(object, HoradusRelease.class);
        } catch (IOException e) {
            throw new AssertionError("not a HoradusRelease the API types read: " + e.getMessage(), e);
        }
    }

    private static List<String> written(HoradusReleaseStatus status) {
        var reasons = new ArrayList<String>();
        status.getConditions().forEach(c -> reasons.add(c.getReason()));
        status.getHistory().forEach(h -> reasons.add(h.getReason()));
        return reasons;
    }

    private static List<GateOutcome> gateResults(HoradusReleaseStatus status) {
        return status.getRelease().getGates().stream().map(g -> g.getResult()).toList();
    }
}

package io.horadus.cli;

import io.horadus.api.Condition;
import io.horadus.api.GateOutcome;
import io.horadus.api.GateRecord;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Phase;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.release.ReleaseEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLinesTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final String COMMIT = "abc1234def5678abc1234def5678abc1234def56";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void oneLineWhenAStepStartsAndOneWhenItEndsWithItsDuration() {
        var progress = new ProgressLines(err, Clock.fixed(T0.plusMillis(2100), ZoneOffset.UTC), "");
        progress.saved(status(Phase.Resolving, step(Step.Resolve, StepState.Started, T0)));
        var gate = step(Step.Gate, StepState.Started, T0);
        gate.getGates().add(gate("check", GateOutcome.Running, null));
        progress.saved(status(Phase.Gating, gate));
        var passed = step(Step.Gate, StepState.Started, T0);
        passed.getGates().add(gate("check", GateOutcome.Passed, 2100L));
        progress.saved(status(Phase.Gating, passed));
        progress.saved(status(Phase.Building, step(Step.Build, StepState.Started, T0)));

        assertThat(lines()).containsExactly(
                "► release v1.2.0",
                "► source",
                "✔ source (2.1s)",
                "► gate check",
                "✔ gate check (2.1s)",
                "► build");
    }

    @Test
    void aFailedStepSaysWhyAndAWaitForApprovalNamesTagAndCommit() {
        var progress = new ProgressLines(err, Clock.fixed(T0, ZoneOffset.UTC), "");
        var failed = status(Phase.Failed, step(Step.Migrate, StepState.Failed, T0));
        failed.getConditions().add(new Condition("Ready", "False", "MigrationFailed", "exit 1: relation \"users\" already exists", null, 1L));
        progress.saved(failed);

        var waiting = status(Phase.AwaitingApproval, step(Step.Approve, StepState.Started, T0));
        waiting.getRelease().setTag("v1.3.0");
        waiting.getConditions().add(new Condition("Ready", "False", "AwaitingApproval", "awaits a reviewer", null, 1L));
        progress.saved(waiting);

        assertThat(lines()).contains("✗ migrate: exit 1: relation \"users\" already exists", "◎ waiting for approval of v1.3.0 (abc1234): awaits a reviewer");
    }

    @Test
    void aReleaseWaitingForItsUpstreamsSaysWhyEachTimeTheReasonChanges() {
        var progress = new ProgressLines(err, Clock.fixed(T0, ZoneOffset.UTC), "production: ");
        progress.saved(waitingForUpstreams("AwaitingUpstream", "awaitingupstream v1.2.0"));
        progress.saved(waitingForUpstreams("UpstreamNotReleased", "v1.2.0 (commit abc1234) waits for its upstreams: staging is releasing v1.2.0 (step Gate)"));
        progress.saved(waitingForUpstreams("UpstreamNotReleased", "v1.2.0 (commit abc1234) waits for its upstreams: staging is releasing v1.2.0 (step Build)"));
        progress.saved(waitingForUpstreams("SoakPending", "v1.2.0 (commit abc1234) waits for its upstreams: staging verified v1.2.0; the soak of 3s ends at 10:00:03Z"));
        progress.saved(status(Phase.Gating, step(Step.Gate, StepState.Started, T0)));

        assertThat(lines()).containsExactly("production: ► release v1.2.0", "production: ► upstream",
                "production: ◎ waiting for upstreams: v1.2.0 (commit abc1234) waits for its upstreams: staging is releasing v1.2.0 (step Gate)",
                "production: ◎ waiting for upstreams: v1.2.0 (commit abc1234) waits for its upstreams: staging verified v1.2.0; the soak of 3s ends at 10:00:03Z",
                "production: ✔ upstream (0ms)");
    }

    private static HoradusReleaseStatus waitingForUpstreams(String reason, String message) {
        var waiting = status(Phase.AwaitingUpstream, step(Step.Upstream, StepState.Started, T0));
        waiting.getConditions().add(new Condition("Ready", "Unknown", reason, message, null, 1L));
        return waiting;
    }

    @Test
    void aResumedReleaseDoesNotRepeatWhatIsOnRecord() {
        var progress = new ProgressLines(err, Clock.fixed(T0, ZoneOffset.UTC), "horadus: ");
        progress.resumeFrom(status(Phase.Migrating, step(Step.Migrate, StepState.Started, T0)));
        progress.saved(status(Phase.Migrating, step(Step.Migrate, StepState.Started, T0)));
        progress.saved(status(Phase.RollingOut, step(Step.RollOut, StepState.Started, T0)));

        assertThat(lines()).containsExactly("horadus: ✔ migrate (0ms)", "horadus: ► rollout");
    }

    @Test
    void aNotificationNotSentIsALineOfItsOwnOtherEventsAreStatussAndPrintNothing() {
        var progress = new ProgressLines(err, Clock.fixed(T0, ZoneOffset.UTC), "horadus: ");

        progress.events(List.of(ReleaseEvent.normal(Reason.Released, "v1.0.0 (abc1234) is released and verified"),
                ReleaseEvent.warning(Reason.NotificationFailed, "Secret team-webhook (HORADUS_NOTIFY_SECRET) not found: no notification sent")));

        assertThat(lines()).containsExactly("horadus: ⚠ Secret team-webhook (HORADUS_NOTIFY_SECRET) not found: no notification sent");
    }

    private List<String> lines() {
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static HoradusReleaseStatus status(Phase phase, ReleaseProgress release) {
        var status = new HoradusReleaseStatus();
        status.setPhase(phase);
        status.setRelease(release);
        return status;
    }

    private static ReleaseProgress step(Step step, StepState state, Instant started) {
        var release = new ReleaseProgress();
        release.setTag("v1.2.0");
        release.setCommit(COMMIT);
        release.setStep(step);
        release.setStepState(state);
        release.setStepStartedAt(started.toString());
        return release;
    }

    private static GateRecord gate(String name, GateOutcome outcome, Long millis) {
        var gate = new GateRecord(name, outcome);
        gate.setDurationMillis(millis);
        return gate;
    }
}

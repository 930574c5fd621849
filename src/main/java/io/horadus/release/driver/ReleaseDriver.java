package io.horadus.release.driver;

import io.horadus.api.Reason;
import io.horadus.release.Conditions;
import io.horadus.release.ReleaseEngine;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.Standing;
import io.horadus.release.StatusSummary;
import io.horadus.release.notify.Notice;
import io.horadus.release.notify.Notices;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.SecretStore;
import io.horadus.release.port.SourceUnavailableException;
import io.horadus.release.port.WorkDirFullException;
import io.horadus.release.secrets.SecretMaterial;
import io.horadus.release.secrets.SecretProblem;
import io.horadus.release.watch.WatchRounds;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The loop every entry point shares, in plain Java: read the release's secret material, run one engine
 * pass over its status, persist what the engine recorded, follow the watch it planned, publish its
 * events and report the pass. The operator's reconciler and the command line are thin drivers of this
 * class: each supplies the release as its store holds it, a {@link StatusStore} and an {@link EventSink},
 * and does with the returned delay what its loop does (JOSDK's reschedule, a sleep).
 *
 * <p>Passes over one release must not overlap (JOSDK serialises them per resource; the command line runs
 * one release at a time). The status is saved before the watch follows it, so a round applied by this
 * pass is forgotten only once its result is on record.
 */
public final class ReleaseDriver {

    private final ReleaseEngine engine;
    private final WatchRounds rounds;
    private final SecretStore secrets;
    private final Telemetry telemetry;
    private final Clock clock;
    private final Duration secretRetry;
    private final Notifier notifier;

    /**
     * @param secretRetry how long before a release whose secret is missing or refused looks again (a
     *                    secret's arrival is not an event a driver sees)
     */
    public ReleaseDriver(ReleaseEngine engine, WatchRounds rounds, SecretStore secrets, Telemetry telemetry, Clock clock, Duration secretRetry) {
        this(engine, rounds, secrets, telemetry, clock, secretRetry, Notifier.NONE);
    }

    /** @param notifier who is told of what the passes record (released, rolled back, failed, awaiting approval) */
    public ReleaseDriver(ReleaseEngine engine, WatchRounds rounds, SecretStore secrets, Telemetry telemetry, Clock clock, Duration secretRetry,
                         Notifier notifier) {
        this.notifier = notifier;
        this.engine = engine;
        this.rounds = rounds;
        this.secrets = secrets;
        this.telemetry = telemetry;
        this.clock = clock;
        this.secretRetry = secretRetry;
        rounds.onRound((key, round, took, late) -> telemetry.round(key, round.subject().tag(), result(round), failedChecks(round), took, late));
    }

    /**
     * One pass over a release.
     *
     * @return when to pass again; empty: only when the spec changes or a watch round asks (see {@link WatchRounds#onChange})
     */
    public Optional<Duration> pass(ReleaseInput input, StatusStore store, EventSink events) {
        var started = clock.instant();
        var status = store.load();
        var noticed = Notices.before(status);
        SecretMaterial material;
        try {
            material = SecretMaterial.read(input.spec(), input.namespace(), secrets);
        } catch (SecretProblem problem) {
            // Bad or missing input: report it, run nothing, and look again later.
            status.setObservedGeneration(input.revision());
            status.setDesiredTag(input.spec().getTag());
            StatusSummary.record(new Conditions(status, input.revision(), clock.instant()), new Standing.Failed(Reason.SecretInvalid, problem.getMessage()));
            store.save(status);
            rounds.stop(input.key());
            // The problem's message names the secret and key, never a value.
            tell(input, Notices.between(input.namespace(), input.name(), noticed, status, List.of(), clock.instant()), UnaryOperator.identity(), events);
            telemetry.status(input.key(), status);
            telemetry.failed(input.key(), Reason.SecretInvalid, Duration.between(started, clock.instant()));
            return Optional.of(secretRetry);
        }
        var request = ReleaseRequest.of(input.key(), input.revision(), input.spec(), material, input.retryToken(), input.rollback());
        telemetry.target(input.key(), request.target());
        var stepsBefore = Transitions.Before.of(status);
        var outcome = engine.reconcile(request, status, store::save);
        store.save(outcome.status());
        // Recorded: the watch follows what status now says (and forgets the round this pass applied).
        rounds.follow(request.key(), outcome.watch());
        events.publish(outcome.events());
        var ended = clock.instant();
        var notices = Notices.between(input.namespace(), input.name(), noticed, outcome.status(), outcome.events(), ended);
        tell(input, notices, material.mask(), events);
        telemetry.transitions(input.key(), Transitions.between(stepsBefore, outcome.status(), ended));
        telemetry.status(input.key(), outcome.status());
        telemetry.passed(input.key(), outcome.status(), outcome.events(), Duration.between(started, ended));
        return outcome.requeueAfter();
    }

    /** Hands the pass's notices, masked, to the notifier, and publishes what it says about destinations it cannot use. */
    private void tell(ReleaseInput input, List<Notice> notices, UnaryOperator<String> mask, EventSink events) {
        if (notices.isEmpty()) {
            return;
        }
        var problems = notifier.notify(input, notices.stream().map(n -> n.masked(mask)).toList());
        if (!problems.isEmpty()) {
            events.publish(problems);
        }
    }

    /**
     * A pass threw a transient error (the host or git unreachable, a status save refused): say so in
     * status while the caller retries. A Docker engine that does not answer is named as such: it is never
     * an application failure (no check round is counted, nothing is rolled back); so is a git remote that
     * does not answer or refuses the fetch, and a work directory whose disk is full.
     *
     * @return the reason status now gives, for the caller's log line
     */
    public Reason failed(ReleaseInput input, StatusStore store, Exception e) {
        var status = store.load();
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        var reason = reason(e);
        StatusSummary.record(new Conditions(status, input.revision(), clock.instant()), new Standing.Retrying(reason, message));
        store.save(status);
        telemetry.status(input.key(), status);
        telemetry.failed(input.key(), reason, Duration.ZERO);
        return reason;
    }

    /** The reason status gives for a pass that threw this. */
    public static Reason reason(Exception e) {
        if (causedBy(e, HostUnavailableException.class)) {
            return Reason.HostUnreachable;
        }
        if (causedBy(e, WorkDirFullException.class)) {
            return Reason.WorkDirFull;
        }
        if (causedBy(e, StatusRefusedException.class)) {
            return Reason.StatusRefused;
        }
        return causedBy(e, SourceUnavailableException.class) ? Reason.SourceUnreachable : Reason.RetryingAfterError;
    }

    /** The release is gone from its store: its watch's rounds stop, and telemetry forgets it. */
    public void deleted(String key) {
        rounds.stop(key);
        telemetry.deleted(key);
    }

    private static Telemetry.RoundResult result(WatchRounds.Round round) {
        if (round instanceof WatchRounds.Observed observed) {
            return observed.report().passed() ? Telemetry.RoundResult.Passed : Telemetry.RoundResult.Failed;
        }
        return Telemetry.RoundResult.HostUnreachable;
    }

    private static List<String> failedChecks(WatchRounds.Round round) {
        if (round instanceof WatchRounds.Observed observed) {
            return observed.report().checks().stream().filter(c -> !c.passed()).map(c -> c.name()).toList();
        }
        return List.of();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (var t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

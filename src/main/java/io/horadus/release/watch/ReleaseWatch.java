package io.horadus.release.watch;

import io.horadus.api.CheckResult;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.WatchStatus;
import io.horadus.release.ReleaseRequest;
import io.horadus.release.Timestamps;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.HostState;
import io.horadus.release.port.HostUnavailableException;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of the version the host runs, after it was released: the runbook's rollback criteria. A
 * round is two parts: {@link #probe} reads the host and runs the checks (slow, read-only, run by
 * {@link WatchRounds} off the reconcile threads); {@link #judge} decides what it means for status.watch and
 * {@link #record} writes that, only when it differs from what is recorded (another failed round, a
 * recovery), so a release that keeps passing costs no status write.
 */
public final class ReleaseWatch {

    private final HostObserver observer;
    private final Verifier verifier;

    public ReleaseWatch(HostObserver observer, Verifier verifier) {
        this.observer = observer;
        this.verifier = verifier;
    }

    /**
     * What one round means for status.watch: how many rounds in a row have now failed, the failed checks,
     * and whether the record changes at all (a failed round, a recovery, a record begun afresh).
     */
    public record Round(VerificationReport report, int consecutiveFailures, List<CheckResult> failedChecks, boolean changesRecord) {

        public boolean passed() {
            return report.passed();
        }
    }

    /** What one round read: the host through the Docker API, then the checks over it. */
    public record Probe(HostState host, VerificationReport report) {
    }

    /**
     * The reading part of a round, which takes as long as the host and the probes take (bounded by their
     * timeouts): read-only, records nothing, safe on any thread. {@link WatchRounds} runs it off the
     * reconcile threads; a {@link HostUnavailableException} means the Docker engine did not answer.
     */
    public Probe probe(ReleaseRequest request) {
        var host = observer.observe(request.target());
        var spec = request.spec();
        return new Probe(host, verifier.verify(request.key(), spec.getVerify(), spec.getRollout().getUp(), host, request.probes()));
    }

    /** A whole round, read and recorded on the calling thread (the verification of a restored release). */
    public Round round(ReleaseRequest request, HoradusReleaseStatus status, String tag, Instant now) {
        var round = judge(status, tag, probe(request).report(), now);
        record(status, tag, round, now);
        return round;
    }

    /**
     * What a round over {@code tag} means for status.watch, decided without changing it: the one rule for
     * counting failed rounds in a row, which {@link #record} then writes and {@link RoundVerdict} decides on.
     *
     * @param now when the round ran: the failed checks are stamped with it
     */
    public static Round judge(HoradusReleaseStatus status, String tag, VerificationReport report, Instant now) {
        var watch = status.getWatch();
        var fresh = watch == null || !tag.equals(watch.getTag());
        var before = fresh || watch.getConsecutiveFailures() == null ? 0 : watch.getConsecutiveFailures();
        if (report.passed()) {
            return new Round(report, 0, List.of(), fresh || before > 0);
        }
        return new Round(report, before + 1, failedChecks(report, now), true);
    }

    /** Writes a judged round into status.watch; a passing round of a passing record writes nothing. */
    public static void record(HoradusReleaseStatus status, String tag, Round round, Instant now) {
        var watch = watchOf(status, tag, now);
        if (round.passed()) {
            if (watch.getConsecutiveFailures() > 0) {
                watch.setConsecutiveFailures(0);
                watch.setFailedChecks(new ArrayList<>());
                watch.setLastCheckTime(Timestamps.format(now));
            }
            return;
        }
        watch.setConsecutiveFailures(round.consecutiveFailures());
        watch.setFailedRounds(watch.getFailedRounds() + 1);
        watch.setFailedChecks(new ArrayList<>(round.failedChecks()));
        watch.setLastCheckTime(Timestamps.format(now));
    }

    /** status.watch.startedAgain for {@code tag}: 0 when absent or when the record is another tag's. */
    public static int startedAgain(HoradusReleaseStatus status, String tag) {
        var watch = status.getWatch();
        return watch == null || !tag.equals(watch.getTag()) || watch.getStartedAgain() == null ? 0 : watch.getStartedAgain();
    }

    /** Writes status.watch.startedAgain; 0 leaves the field out, as a release that never had stopped services shows it. */
    public static void recordStartedAgain(HoradusReleaseStatus status, String tag, int startedAgain, Instant now) {
        watchOf(status, tag, now).setStartedAgain(startedAgain == 0 ? null : startedAgain);
    }

    /** What the host runs now, read through the Docker API. */
    public HostState host(ReleaseRequest request) {
        return observer.observe(request.target());
    }

    /** The record for {@code tag}, begun afresh when the host now runs another tag. */
    private static WatchStatus watchOf(HoradusReleaseStatus status, String tag, Instant now) {
        var watch = status.getWatch();
        if (watch == null || !tag.equals(watch.getTag())) {
            watch = new WatchStatus();
            watch.setTag(tag);
            watch.setSince(Timestamps.format(now));
            watch.setLastCheckTime(Timestamps.format(now));
            watch.setConsecutiveFailures(0);
            watch.setFailedRounds(0);
            status.setWatch(watch);
        }
        return watch;
    }

    private static List<CheckResult> failedChecks(VerificationReport report, Instant now) {
        var at = Timestamps.format(now);
        return report.checks().stream().filter(c -> !c.passed())
                .map(c -> new CheckResult(c.name(), c.detail(), at)).toList();
    }
}

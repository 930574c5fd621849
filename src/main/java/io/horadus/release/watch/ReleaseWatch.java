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
 * {@link WatchRounds} off the reconcile threads), {@link #record} writes what it found in status.watch,
 * only when the outcome differs from what is recorded (another failed round, a recovery), so a release
 * that keeps passing costs no status write.
 */
public final class ReleaseWatch {

    private final HostObserver observer;
    private final Verifier verifier;

    public ReleaseWatch(HostObserver observer, Verifier verifier) {
        this.observer = observer;
        this.verifier = verifier;
    }

    /** What one round found, and how many rounds in a row have now failed. */
    public record Round(VerificationReport report, int consecutiveFailures, List<CheckResult> failedChecks) {

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
        return record(status, tag, probe(request).report(), now);
    }

    /** Records what a round found in status.watch, and how many rounds in a row have now failed. */
    public Round record(HoradusReleaseStatus status, String tag, VerificationReport report, Instant now) {
        var watch = watchOf(status, tag, now);
        if (report.passed()) {
            if (watch.getConsecutiveFailures() > 0) {
                watch.setConsecutiveFailures(0);
                watch.setFailedChecks(new ArrayList<>());
                watch.setLastCheckTime(Timestamps.format(now));
            }
            return new Round(report, 0, List.of());
        }
        var failed = failedChecks(report, now);
        watch.setConsecutiveFailures(watch.getConsecutiveFailures() + 1);
        watch.setFailedRounds(watch.getFailedRounds() + 1);
        watch.setFailedChecks(new ArrayList<>(failed));
        watch.setLastCheckTime(Timestamps.format(now));
        return new Round(report, watch.getConsecutiveFailures(), failed);
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

    static List<CheckResult> failedChecks(VerificationReport report, Instant now) {
        var at = Timestamps.format(now);
        return report.checks().stream().filter(c -> !c.passed())
                .map(c -> new CheckResult(c.name(), c.detail(), at)).toList();
    }
}

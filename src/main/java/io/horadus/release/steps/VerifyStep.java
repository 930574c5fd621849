package io.horadus.release.steps;

import io.horadus.api.Reason;
import io.horadus.api.Step;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.Timestamps;
import io.horadus.release.VerifyPace;
import io.horadus.release.port.HostObserver;
import io.horadus.release.port.VerificationReport;
import io.horadus.release.port.Verifier;
import io.horadus.release.rollback.ImageSnapshots;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;

/**
 * The runbook's post-deploy verification (/health, /metrics, service state). Until
 * spec.verify.timeoutSeconds have passed since the step began, a failed attempt only waits and tries
 * again ({@link VerifyPace}); after that the release fails with VerificationFailed and the failed
 * checks in the message (and the engine rolls it back when there is a last good release). When every
 * check passes, the images the services run are kept as snapshots: the only host change this step
 * makes, and a repeatable one (a re-tag).
 */
public final class VerifyStep implements ReleaseStep {

    private final HostObserver observer;
    private final Verifier verifier;
    private final ImageSnapshots snapshots;

    public VerifyStep(HostObserver observer, Verifier verifier, ImageSnapshots snapshots) {
        this.observer = observer;
        this.verifier = verifier;
        this.snapshots = snapshots;
    }

    @Override
    public Step step() {
        return Step.Verify;
    }

    @Override
    public StepResult run(StepContext context) {
        var request = context.request();
        var spec = request.spec();
        var release = context.release();
        var host = observer.observe(request.target());
        var report = verifier.verify(request.key(), spec.getVerify(), spec.getRollout().getUp(), host, request.probes());
        if (report.passed()) {
            release.setImages(new ArrayList<>(snapshots.take(request.target(), release.getTag(), spec.getRollout().getUp(), host)));
            release.setVerifiedAt(Timestamps.format(context.now()));
            return StepResult.done(Reason.Verified, VerificationReport.passedMessage(release.getTag()));
        }
        var elapsed = Duration.between(Instant.parse(release.getStepStartedAt()), context.now());
        if (elapsed.compareTo(Duration.ofSeconds(spec.getVerify().getTimeoutSeconds())) >= 0) {
            return StepResult.failed(Reason.VerificationFailed, "after " + elapsed.toSeconds() + "s: " + report.failures());
        }
        return new StepResult.Wait(VerifyPace.next(elapsed, spec.getVerify().getIntervalSeconds()), Reason.Verifying, report.failures());
    }
}

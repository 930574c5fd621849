package io.horadus.release.steps;

import io.horadus.api.Step;
import io.horadus.release.HostObserver;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.Verifier;

import java.time.Duration;
import java.time.Instant;

/**
 * The runbook's post-deploy verification (/health, /metrics, service state). Read-only. Until
 * spec.verify.timeoutSeconds have passed since the step began, a failed attempt only waits and tries
 * again; after that the release fails with VerificationFailed and the failed checks in the message.
 * A fresh container usually turns healthy within a second or two, so for the first
 * {@link #EAGER_PERIOD} attempts come every {@link #EAGER_RETRY} (an attempt is a few local HTTP
 * calls and a container listing); after that, every spec.verify.intervalSeconds.
 */
public final class VerifyStep implements ReleaseStep {

    static final Duration EAGER_RETRY = Duration.ofMillis(100);
    static final Duration EAGER_PERIOD = Duration.ofSeconds(10);

    private final HostObserver observer;
    private final Verifier verifier;

    public VerifyStep(HostObserver observer, Verifier verifier) {
        this.observer = observer;
        this.verifier = verifier;
    }

    @Override
    public Step step() {
        return Step.Verify;
    }

    @Override
    public StepResult run(StepContext context) {
        var spec = context.request().spec();
        var host = observer.observe(context.request().target());
        var report = verifier.verify(spec.getVerify(), spec.getRollout().getUp(), host);
        if (report.passed()) {
            return StepResult.done("Verified", "health, metrics and services of " + context.release().getTag() + " pass");
        }
        var elapsed = Duration.between(Instant.parse(context.release().getStepStartedAt()), context.now());
        if (elapsed.compareTo(Duration.ofSeconds(spec.getVerify().getTimeoutSeconds())) >= 0) {
            return StepResult.failed("VerificationFailed", "after " + elapsed.toSeconds() + "s: " + report.failures());
        }
        return new StepResult.Wait(nextAttempt(elapsed, spec.getVerify().getIntervalSeconds()), "Verifying", report.failures());
    }

    private static Duration nextAttempt(Duration elapsed, int intervalSeconds) {
        var interval = Duration.ofSeconds(intervalSeconds);
        return elapsed.compareTo(EAGER_PERIOD) < 0 && EAGER_RETRY.compareTo(interval) < 0 ? EAGER_RETRY : interval;
    }
}

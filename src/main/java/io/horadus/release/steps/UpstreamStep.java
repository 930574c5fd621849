package io.horadus.release.steps;

import io.horadus.api.Reason;
import io.horadus.api.HoradusReleaseSpec;
import io.horadus.api.Step;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.promotion.Promotion;

import java.util.Optional;

/**
 * Stages: after Resolve (the commit is known) and before anything is built, a release with
 * spec.promotion waits (phase AwaitingUpstream, never Stalled) until every upstream released the same
 * commit, verified it and watched it healthy for the soak time; an upstream's rollback of the tag stops
 * it. Changes nothing on the host. A release without upstreams does not go through this step.
 */
public final class UpstreamStep implements ReleaseStep {

    private final Promotion promotion;

    public UpstreamStep(Promotion promotion) {
        this.promotion = promotion;
    }

    @Override
    public Step step() {
        return Step.Upstream;
    }

    @Override
    public boolean applies(HoradusReleaseSpec spec) {
        return Promotion.applies(spec);
    }

    /** Reached without upstreams (spec.promotion removed while the release waited here): nothing to wait for. */
    @Override
    public Optional<StepResult.Done> notNeeded(StepContext context) {
        if (Promotion.applies(context.request().spec())) {
            return Optional.empty();
        }
        return Optional.of(new StepResult.Done(Reason.UpstreamVerified, "spec.promotion names no upstream", Optional.empty()));
    }

    @Override
    public StepResult run(StepContext context) {
        var release = context.release();
        return promotion.check(context.request(), context.status(), release.getTag(), release.getCommit(), context.now());
    }
}

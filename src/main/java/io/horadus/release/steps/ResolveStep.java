package io.horadus.release.steps;

import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.Step;
import io.horadus.release.ReleaseSource;
import io.horadus.release.ReleaseStep;
import io.horadus.release.SourceResult;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;

import java.util.Objects;
import java.util.Optional;

/**
 * The runbook's "sync branch, clean tree" and tag rules. Expects nothing on the host and changes
 * nothing there: it fetches, checks the tag (exists, annotated, on the branch, not moved since it was
 * last recorded) and checks its commit out into the work area. A refusal fails the release with the
 * refusal's name as reason (TagNotFound, TagNotAnnotated, TagNotOnBranch, TagMoved, ...).
 */
public final class ResolveStep implements ReleaseStep {

    private final ReleaseSource source;

    public ResolveStep(ReleaseSource source) {
        this.source = source;
    }

    @Override
    public Step step() {
        return Step.Resolve;
    }

    @Override
    public StepResult run(StepContext context) {
        var release = context.release();
        var recorded = recordedCommit(context.status(), release.getTag());
        var result = source.resolve(context.request().source(release.getTag(), recorded));
        if (result instanceof SourceResult.Refused refused) {
            return StepResult.failed(refused.reason().name(), refused.message());
        }
        var resolved = (SourceResult.Resolved) result;
        release.setCommit(resolved.commit());
        return StepResult.done("TagResolved", "tag " + resolved.tag() + " is commit " + resolved.commit()
                + " on " + context.request().spec().getSource().getBranch());
    }

    /** The commit this tag was released as before: the newest history entry for it. */
    static Optional<String> recordedCommit(HoradusReleaseStatus status, String tag) {
        return status.getHistory().stream()
                .filter(entry -> tag.equals(entry.getTag()))
                .map(HistoryEntry::getCommit)
                .filter(Objects::nonNull)
                .findFirst();
    }
}

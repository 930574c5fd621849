package io.horadus.release.steps;

import io.horadus.api.HistoryEntry;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.NotesSource;
import io.horadus.api.Reason;
import io.horadus.api.ReleaseNotes;
import io.horadus.api.Step;
import io.horadus.release.ReleaseStep;
import io.horadus.release.StepContext;
import io.horadus.release.StepResult;
import io.horadus.release.notes.ReleaseNotesFinder;
import io.horadus.release.policy.VersionPolicy;
import io.horadus.release.port.ReleaseSource;
import io.horadus.release.port.SourceResult;

import java.util.Objects;
import java.util.Optional;

/**
 * The runbook's "sync branch, clean tree", tag rules, semantic versions and release notes. Expects
 * nothing on the host and changes nothing there. First the version policy (no git needed: a downgrade
 * is refused before anything is fetched); then it fetches, checks the tag (exists, annotated, on the
 * branch, not moved since it was last recorded), checks its commit out into the work area, and finds
 * the release notes (tag body, else the changelog's section). A refusal fails the release with its
 * reason: DowngradeRefused, the source refusal's name (TagNotFound, TagNotAnnotated, ...), or
 * ReleaseNotesMissing.
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
        var spec = context.request().spec();
        var downgrade = VersionPolicy.refusal(spec.getVersionPolicy(), release.getTag(), context.status().getCurrentTag());
        if (downgrade.isPresent()) {
            return StepResult.failed(Reason.DowngradeRefused, downgrade.get());
        }
        var recorded = recordedCommit(context.status(), release.getTag());
        var result = source.resolve(context.request().source(release.getTag(), recorded));
        if (result instanceof SourceResult.Refused refused) {
            return StepResult.failed(refused.reason().reason(), refused.message());
        }
        var resolved = (SourceResult.Resolved) result;
        var notes = ReleaseNotesFinder.find(resolved, spec.getReleaseNotes());
        var found = notes instanceof ReleaseNotesFinder.Lookup.Found f ? f.notes() : null;
        if (found == null && spec.getReleaseNotes().isRequired()) {
            // No commit is recorded for a refused tag: re-tagging a commit that has the notes is no TagMoved.
            return StepResult.failed(Reason.ReleaseNotesMissing, release.getTag() + " (commit " + resolved.commit()
                    + ") has no release notes: " + ((ReleaseNotesFinder.Lookup.Missing) notes).why()
                    + ". Nothing was run; spec.releaseNotes.required is true");
        }
        release.setCommit(resolved.commit());
        release.setNotes(found);
        return StepResult.done(Reason.TagResolved, "tag " + resolved.tag() + " is commit " + resolved.commit()
                + " on " + spec.getSource().getBranch() + "; " + notesSummary(found));
    }

    private static String notesSummary(ReleaseNotes notes) {
        if (notes == null) {
            return "no release notes (not required)";
        }
        return notes.getSource() == NotesSource.Tag ? "release notes from the tag's message" : "release notes from " + notes.getPath();
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

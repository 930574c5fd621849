package io.horadus.release.rollback;

import io.horadus.api.GoodRelease;
import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseProgress;
import io.horadus.api.Step;
import io.horadus.api.StepState;
import io.horadus.release.RollbackRequest;

import java.util.stream.Collectors;

/**
 * Whether a person's rollback request can be served, and by which kept release: decided from status
 * alone, before anything runs. Only a release whose images were kept (status.goodReleases) can be put
 * back without a build; and only a release at rest (released, failed, or rolled back) is left for it,
 * so that a rollback never races a build, a migration or another rollback on the host.
 */
final class RequestedRollback {

    /** What becomes of the request. */
    sealed interface Decision {
        /** Put {@code target} back. */
        record Serve(GoodRelease target) implements Decision {
        }

        /** Run nothing; {@code message} says why and what is kept. */
        record Refuse(String message) implements Decision {
        }
    }

    private RequestedRollback() {
    }

    static Decision decide(RollbackRequest asked, HoradusReleaseStatus status) {
        var release = status.getRelease();
        if (release == null || status.getCurrentTag() == null) {
            return new Decision.Refuse("nothing has been released yet, so no release is kept to put back; nothing was run");
        }
        if (!atRest(release)) {
            var doing = release.getStep() == Step.RollBack ? "being rolled back"
                    : "being released (step " + release.getStep() + ")";
            return new Decision.Refuse(release.getTag() + " is " + doing + ": ask again once it has ended; nothing was run");
        }
        var kept = status.getGoodReleases();
        if (asked.tag() == null) {
            return kept.stream().filter(g -> !g.getTag().equals(status.getCurrentTag())).findFirst()
                    .<Decision>map(Decision.Serve::new)
                    .orElseGet(() -> new Decision.Refuse("no kept release other than " + status.getCurrentTag()
                            + ", which the host runs; " + keptTags(status) + "; nothing was run"));
        }
        return kept.stream().filter(g -> g.getTag().equals(asked.tag())).findFirst()
                .<Decision>map(Decision.Serve::new)
                .orElseGet(() -> new Decision.Refuse(asked.tag() + " is not a kept release; " + keptTags(status) + "; nothing was run"));
    }

    /** Released and watched, failed for good, or rolled back: no step of it may still touch the host. */
    private static boolean atRest(ReleaseProgress release) {
        return release.getStep() == Step.Done || release.getStepState() == StepState.Failed;
    }

    private static String keptTags(HoradusReleaseStatus status) {
        var kept = status.getGoodReleases();
        return kept.isEmpty() ? "no release is kept yet (a release is kept once it passed its watch window)"
                : "kept releases: " + kept.stream().map(GoodRelease::getTag).collect(Collectors.joining(", "));
    }
}

package io.horadus.release.promotion;

import io.horadus.api.HoradusReleaseStatus;
import io.horadus.api.ReleaseOutcome;
import io.horadus.api.RevokedTag;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tags a release's status says were rolled back: by the release itself (its last rollback, begun or
 * ended, and the rolled-back entries of its history) and, as it recorded them, anywhere upstream of it
 * (status.promotion.revoked). A rollback revokes the tag for good: a tag rolled back anywhere is never
 * promoted automatically again, and a release of it downstream stops.
 */
final class Revocations {

    private Revocations() {
    }

    /** Every rolled-back tag {@code status} of release {@code name} knows of, its own first. */
    static List<RevokedTag> of(String name, HoradusReleaseStatus status) {
        var found = new ArrayList<RevokedTag>();
        var rollback = status.getRollback();
        if (rollback != null && rollback.getFromTag() != null) {
            found.add(new RevokedTag(rollback.getFromTag(), rollback.getFromCommit(), name, rollback.getDetectedAt()));
        }
        for (var entry : status.getHistory()) {
            if (entry.getOutcome() == ReleaseOutcome.RolledBack) {
                found.add(new RevokedTag(entry.getTag(), entry.getCommit(), name, entry.getFinishedAt()));
            }
        }
        if (status.getPromotion() != null) {
            found.addAll(status.getPromotion().getRevoked());
        }
        return found;
    }

    /** The first record of {@code tag} among {@code revoked}. */
    static Optional<RevokedTag> find(List<RevokedTag> revoked, String tag) {
        return revoked.stream().filter(r -> Objects.equals(r.getTag(), tag)).findFirst();
    }

    /** "staging rolled back v1.2.0 (commit abc1234)". */
    static String describe(RevokedTag revoked) {
        return revoked.getRelease() + " rolled back " + revoked.getTag()
                + (revoked.getCommit() == null ? "" : " (commit " + Commits.brief(revoked.getCommit()) + ")");
    }
}

package io.horadus.release.notify;

import io.horadus.api.Phase;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Something a person is told about a release, wherever it runs (a chat channel, any webhook): it was
 * released, rolled back, failed a gate or a step, or waits for a reviewer. Made from the pass's typed
 * transitions by {@link Notices}; carries no secret (see {@link #masked}).
 *
 * @param namespace   the release's namespace
 * @param name        the release's name
 * @param tag         the tag the notice is about: the one released, failed or awaiting approval; the one left by a rollback
 * @param commit      that tag's commit, once resolved (else null)
 * @param currentTag  the tag the host runs now (after a rollback: the one put back), or null before any release
 * @param lastGoodTag the last tag that passed its watch window, or null
 * @param reason      the typed reason (a {@link io.horadus.api.Reason} name): Released, RolledBack, GateFailed, AwaitingApproval, ...
 * @param phase       status.phase after the transition
 * @param message     what status says about it (the Ready condition's message)
 * @param incident    for a rollback (or a failed one): what failed and what was put back
 * @param at          when the transition was recorded
 */
public record Notice(Kind kind, String namespace, String name, String tag, String commit, String currentTag, String lastGoodTag,
                     String reason, Phase phase, String message, Optional<Incident> incident, Instant at) {

    /** What happened, in the runbook's words: what a person may want to act on. */
    public enum Kind { Released, RolledBack, Failed, AwaitingApproval }

    /**
     * A rollback: the release left and the one put back, and the checks that failed.
     *
     * @param restoredFrom how the last good release was put back (Images or Checkout), or null before it was
     * @param state        the rollback's state (RolledBack, Failed)
     */
    public record Incident(String fromTag, String fromCommit, String toTag, String toCommit, String detectedAt, String restoredFrom,
                           String state, List<FailedCheck> failedChecks) {
        public Incident {
            failedChecks = List.copyOf(failedChecks);
        }
    }

    /** A check that failed, and what it saw. */
    public record FailedCheck(String name, String detail) {
    }

    /** "namespace/name", as the release's key. */
    public String release() {
        return namespace + "/" + name;
    }

    /** This notice with every free text passed through {@code mask} (tags, names and reasons are no free text). */
    public Notice masked(UnaryOperator<String> mask) {
        var maskedIncident = incident.map(i -> new Incident(i.fromTag(), i.fromCommit(), i.toTag(), i.toCommit(), i.detectedAt(),
                i.restoredFrom(), i.state(), i.failedChecks().stream().map(c -> new FailedCheck(c.name(), mask.apply(c.detail()))).toList()));
        return new Notice(kind, namespace, name, tag, commit, currentTag, lastGoodTag, reason, phase, mask.apply(message), maskedIncident, at);
    }
}

package io.horadus.release.promotion;

import io.horadus.api.Reason;
import io.horadus.api.UpstreamVerdict;
import io.horadus.release.Timestamps;

import java.time.Instant;
import java.util.Optional;

/**
 * What one upstream says of a tag and commit: {@link Reason#UpstreamVerified}, or what is missing.
 *
 * @param commit     the commit the upstream released the tag as, when it did
 * @param verifiedAt when the upstream verified it
 * @param soakEndsAt when the soak ends, while it has not
 */
public record Verdict(String upstream, Reason reason, String message, Optional<String> commit, Optional<Instant> verifiedAt,
                      Optional<Instant> soakEndsAt) {

    static Verdict of(String upstream, Reason reason, String message) {
        return new Verdict(upstream, reason, message, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean verified() {
        return reason == Reason.UpstreamVerified;
    }

    /** As status.promotion.upstreams[] records it. */
    public UpstreamVerdict toStatus() {
        return new UpstreamVerdict(upstream, reason.name(), message, commit.orElse(null),
                verifiedAt.map(Timestamps::format).orElse(null), soakEndsAt.map(Timestamps::format).orElse(null));
    }

    /** "staging: SoakPending: ...": one line of the waiting condition's message. */
    String line() {
        return upstream + ": " + message;
    }
}

package io.horadus.source;

import io.horadus.release.port.SourceResult;

/** What the mirror says about a tag: releasable (its commit and message) or refused. */
sealed interface TagVerdict {

    record Releasable(String commit, String message) implements TagVerdict {
    }

    record Refused(SourceResult.Refused refusal) implements TagVerdict {
    }
}

package io.horadus.release.port;

import java.util.Optional;

/**
 * What the source step needs: the repository, the tag, what was recorded for the tag before.
 *
 * @param releaseKey     a stable key of the release resource (namespace/name) that names its work area
 * @param recordedCommit the commit this tag resolved to in an earlier release, if any (TagMoved check)
 */
public record SourceRequest(String releaseKey, String url, String branch, GitCredentials credentials,
                            String tag, Optional<String> recordedCommit) {
}

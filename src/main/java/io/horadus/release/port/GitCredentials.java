package io.horadus.release.port;

/**
 * Git credentials read from the release's Secret. Either a token (https) or an ssh identity with
 * its known_hosts. Never printed: toString hides every value.
 */
public record GitCredentials(String username, String token, String sshIdentity, String knownHosts) {

    public static final GitCredentials NONE = new GitCredentials(null, null, null, null);

    public boolean hasToken() {
        return token != null && !token.isEmpty();
    }

    public boolean hasSshIdentity() {
        return sshIdentity != null && !sshIdentity.isEmpty();
    }

    @Override
    public String toString() {
        return "GitCredentials[token=" + (hasToken() ? "***" : "none") + ", ssh=" + (hasSshIdentity() ? "***" : "none") + "]";
    }
}

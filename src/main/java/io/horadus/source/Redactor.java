package io.horadus.source;

import io.horadus.release.port.GitCredentials;
import io.horadus.release.port.SourceUnavailableException;
import io.horadus.release.port.WorkDirFullException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes secrets from text before it leaves this package: the token (plain and URL-encoded), the
 * lines of an ssh identity, and the password part of any URL ("https://user:secret@host").
 * Expects the credentials of the request at hand; changes nothing. Exceptions it builds carry a
 * redacted copy of the whole cause chain (same classes named, same stack traces), so even a logged
 * stack trace shows no secret.
 */
final class Redactor {

    private static final Pattern URL_PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/@:\\s]*):[^/@\\s]*@");
    private static final String HIDDEN = "***";
    // Shorter lines of a PEM key are markers or padding, not key material.
    private static final int MIN_SECRET_LINE = 8;

    private final List<String> secrets;

    Redactor(GitCredentials credentials) {
        List<String> found = new ArrayList<>();
        GitCredentials c = credentials == null ? GitCredentials.NONE : credentials;
        if (c.hasToken()) {
            found.add(c.token());
            found.add(URLEncoder.encode(c.token(), StandardCharsets.UTF_8));
        }
        if (c.hasSshIdentity()) {
            for (String line : c.sshIdentity().split("\\R")) {
                String s = line.strip();
                if (s.length() >= MIN_SECRET_LINE && !s.startsWith("-----")) {
                    found.add(s);
                }
            }
        }
        // Longest first, so a secret containing another is removed whole.
        found.sort((a, b) -> Integer.compare(b.length(), a.length()));
        this.secrets = List.copyOf(found);
    }

    String text(String raw) {
        if (raw == null) {
            return "";
        }
        String out = URL_PASSWORD.matcher(raw).replaceAll("$1:" + HIDDEN + "@");
        for (String secret : secrets) {
            out = out.replace(secret, HIDDEN);
        }
        return out;
    }

    /** "what: outer message (root cause message)", redacted, with a redacted cause chain. */
    SourceUnavailableException unavailable(String what, Throwable cause) {
        return new SourceUnavailableException(text(what) + ": " + summary(cause), copy(cause));
    }

    /** As {@link #unavailable(String, Throwable)}, for a failure of the work directory's disk: it is full. */
    WorkDirFullException full(String what, Throwable cause) {
        return new WorkDirFullException(text(what) + ": " + summary(cause), copy(cause));
    }

    SourceUnavailableException unavailable(String message) {
        return new SourceUnavailableException(text(message), null);
    }

    private String summary(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String outer = describe(cause);
        if (root == cause) {
            return outer;
        }
        // The root's class often says more than its message ("UnknownHostException: host").
        return outer + " (" + root.getClass().getSimpleName() + ": " + describe(root) + ")";
    }

    private String describe(Throwable t) {
        String message = t.getMessage();
        return text(message == null || message.isBlank() ? t.getClass().getSimpleName() : message);
    }

    private Throwable copy(Throwable original) {
        if (original == null) {
            return null;
        }
        Throwable cause = original.getCause() == original ? null : copy(original.getCause());
        RedactedException copy = new RedactedException(original.getClass().getName() + ": " + text(original.getMessage()), cause);
        copy.setStackTrace(original.getStackTrace());
        return copy;
    }

    /** Stands in for an exception whose message might have held a secret; names the original class. */
    static final class RedactedException extends Exception {
        RedactedException(String message, Throwable cause) {
            super(message, cause, false, true);
        }
    }
}

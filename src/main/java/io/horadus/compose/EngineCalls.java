package io.horadus.compose;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.horadus.release.port.ComposeTarget;
import io.horadus.release.port.HostUnavailableException;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;

/** One call to a Docker engine, with the engine's failures told apart from bugs. */
final class EngineCalls {

    /** Enough for a socket or TLS error ("Connection refused", "PKIX path building failed: ..."). */
    private static final int CAUSE_MAX = 200;

    private EngineCalls() {
    }

    // Failures talking to the engine (transport, TLS, an error answer) mean the host is unavailable;
    // anything else is a bug here and must not be retried as if the host were at fault.
    static <T> T onHost(ComposeTarget target, Supplier<T> call) {
        try {
            return call.get();
        } catch (HostUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!isHostFailure(e)) {
                throw e;
            }
            throw new HostUnavailableException(message(target, e), e);
        }
    }

    /**
     * Names the deepest cause (a wrapper's name said nothing: "RuntimeException"). An engine that
     * refuses the client's certificate under TLS 1.3 does so after the client's side of the handshake
     * is done, so the client sees only "Broken pipe" or "Connection reset": for a TLS endpoint the
     * message says what to check. Socket and TLS messages carry no key material.
     */
    static String message(ComposeTarget target, Throwable e) {
        var message = "Docker engine at " + DockerClients.describe(target.dockerHost()) + " did not answer: " + cause(e);
        if (target.tls() != null) {
            message += "; over TLS this is also how a refused handshake shows: check that ca.pem of the Secret"
                    + " spec.target.tlsSecretRef names signed the engine's certificate and that the engine trusts its cert.pem";
        }
        return message;
    }

    /** The deepest cause, named by its class and its message's first line. */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var cause = root.getMessage() == null ? "" : firstLine(root.getMessage());
        return root.getClass().getSimpleName() + (cause.isEmpty() ? "" : ": " + cause);
    }

    /** A cause's message goes into a condition a person reads in one line: an engine's error page or a stack of them does not. */
    static String firstLine(String text) {
        var line = text.strip().lines().findFirst().orElse("").strip();
        return line.length() <= CAUSE_MAX ? line : line.substring(0, CAUSE_MAX - 1) + "…";
    }

    static boolean isHostFailure(RuntimeException e) {
        if (e instanceof DockerException || e instanceof DockerClientException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof GeneralSecurityException) {
                return true;
            }
        }
        return false;
    }
}

package io.horadus.compose;

import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import io.horadus.release.ComposeTarget;
import io.horadus.release.HostUnavailableException;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.function.Supplier;

/** One call to a Docker engine, with the engine's failures told apart from bugs. */
final class EngineCalls {

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
            throw new HostUnavailableException("Docker engine at " + DockerClients.describe(target.dockerHost())
                    + " did not answer: " + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean isHostFailure(RuntimeException e) {
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

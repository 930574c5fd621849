package io.horadus.verify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One HTTP GET with bounded time and memory, the operator's `curl -sS`. Never throws for a failed
 * probe: a failure is a value the verifier reports.
 */
final class HttpProbe {

    /**
     * Enough for any health answer and for a metrics page of a few thousand series; metric rules
     * refuse a page cut at this limit rather than judge it partly.
     */
    static final int BODY_LIMIT = 256 * 1024;

    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration requestTimeout;

    HttpProbe(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
        // HTTP/1.1 like curl: the JDK's default h2c upgrade attempt is a needless extra with small app servers.
        // Redirects are not followed: a health URL that redirects (to a login page, elsewhere) is misconfigured.
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    ProbeOutcome get(String url) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET().build();
        } catch (IllegalArgumentException | NullPointerException e) {
            return new ProbeOutcome.Unreachable("invalid URL");
        }
        CompletableFuture<ProbeOutcome.Answered> answer = client
                .sendAsync(request, info -> new BoundedBody(BODY_LIMIT))
                .thenApply(r -> new ProbeOutcome.Answered(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8),
                        r.body().length >= BODY_LIMIT));
        try {
            // The request timeout only covers the wait for the headers; this bounds the body too.
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new ProbeOutcome.Unreachable("timed out after " + seconds(requestTimeout));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return new ProbeOutcome.Unreachable("interrupted");
        } catch (ExecutionException e) {
            return new ProbeOutcome.Unreachable(reason(e.getCause(), request.uri()));
        }
    }

    private String reason(Throwable failure, URI uri) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "connect timed out after " + seconds(connectTimeout);
            }
            if (t instanceof HttpTimeoutException) {
                return "timed out after " + seconds(requestTimeout);
            }
            if (t instanceof ConnectException && !(t.getCause() instanceof UnresolvedAddressException)) {
                return "connection refused";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + uri.getHost();
            }
            if (t instanceof SSLException) {
                return "TLS: " + OneLine.excerpt(t.getMessage(), 80);
            }
        }
        String message = failure == null ? null : failure.getMessage();
        String kind = failure instanceof IOException ? "I/O error" : "probe failed";
        return message == null || message.isBlank() ? kind : kind + ": " + OneLine.excerpt(message, 80);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}

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
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Distinct trust settings kept at once. Releases share one or two (the JVM's CAs, the company CA); past
     * this the map starts afresh, and the clients dropped end with their selector threads once unreferenced.
     */
    private static final int CLIENTS_MAX = 16;

    private final Duration connectTimeout;
    private final Duration requestTimeout;
    /** One client per trust setting: a JDK HttpClient fixes its SSLContext when built, and holds a selector thread. */
    private final Map<TlsTrust, HttpClient> clients = new ConcurrentHashMap<>();

    HttpProbe(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    ProbeOutcome get(String url) {
        return get(url, Map.of(), TlsTrust.JVM_DEFAULT);
    }

    /** A GET with these headers, trusting https servers as {@code trust} says. */
    ProbeOutcome get(String url, Map<String, String> headers, TlsTrust trust) {
        HttpRequest request;
        try {
            var builder = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET();
            headers.forEach(builder::header);
            request = builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            // URI.create and header() both say IllegalArgumentException; only the URL is worth naming.
            return new ProbeOutcome.Unreachable(headers.isEmpty() ? "invalid URL" : "invalid URL or header");
        }
        HttpClient client;
        try {
            client = client(trust);
        } catch (GeneralSecurityException | IOException e) {
            return new ProbeOutcome.Unreachable("TLS: cannot use the CA bundle (" + OneLine.excerpt(e.getMessage(), 60) + ")");
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

    private HttpClient client(TlsTrust trust) throws GeneralSecurityException, IOException {
        var client = clients.get(trust);
        if (client != null) {
            return client;
        }
        if (clients.size() >= CLIENTS_MAX) {
            clients.clear();
        }
        // HTTP/1.1 like curl: the JDK's default h2c upgrade attempt is a needless extra with small app servers.
        // Redirects are not followed: a health URL that redirects (to a login page, elsewhere) is misconfigured.
        var builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        var context = trust.sslContext();
        if (context != null) {
            builder.sslContext(context);
        }
        client = builder.build();
        var raced = clients.putIfAbsent(trust, client);
        return raced == null ? client : raced;
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

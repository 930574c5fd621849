package io.horadus.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs with the JDK's HTTP client, made on the first notification (an operator that notifies no one starts
 * none of its threads). Redirects are not followed: a webhook that answers with one is misconfigured, and
 * the message is not carried to a place nobody named.
 */
final class HttpTransport implements Transport {

    private final Duration connectTimeout;
    private HttpClient client;

    HttpTransport(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @Override
    public int post(URI url, byte[] json, Duration timeout) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "horadus-release-operator")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return client().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    // Only the delivery's one thread calls post.
    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(connectTimeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return client;
    }
}

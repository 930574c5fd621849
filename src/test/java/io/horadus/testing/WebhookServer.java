package io.horadus.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An incoming webhook on loopback, as Slack's or Mattermost's: it records every POST it receives (path,
 * content type and JSON body) and answers 200, or a status the test sets; it may also hold its answer until
 * the test lets it go (a webhook that answers slowly).
 */
public final class WebhookServer implements AutoCloseable {

    /** One POST as received. */
    public record Received(String path, String contentType, String body, JsonNode json) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Received> all = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int status = 200;
    private volatile CountDownLatch held = new CountDownLatch(0);

    public WebhookServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                requests.incrementAndGet();
                var body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                var message = new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Content-Type"), body,
                        JSON.readTree(body));
                synchronized (all) {
                    all.add(message);
                }
                received.add(message);
                held.await();
                exchange.sendResponseHeaders(status, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientWentAway) {
                // The sender gave up waiting (its timeout): what a slow webhook sees.
            }
        });
        server.start();
    }

    /** The URL of {@code path} on this server, e.g. a Slack-like "/services/T000/B000/XXXX". */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answer every request with this status from now on. */
    public WebhookServer answer(int status) {
        this.status = status;
        return this;
    }

    /** Hold every answer from now on until {@link #letGo()}. */
    public WebhookServer hold() {
        held = new CountDownLatch(1);
        return this;
    }

    public void letGo() {
        held.countDown();
    }

    /** The next POST received, waiting at most {@code patience} for it; fails when none comes. */
    public Received next(Duration patience) throws InterruptedException {
        var message = received.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no webhook message within " + patience + "; received so far: " + received());
        }
        return message;
    }

    /** Every POST received so far, in order. */
    public List<Received> received() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Requests begun so far (a held one included). */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        letGo();
        server.stop(0);
        executor.shutdownNow();
    }
}

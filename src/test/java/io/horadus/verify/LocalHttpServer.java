package io.horadus.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/** A loopback-only HTTP server on a free port for probe tests. */
final class LocalHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final String scheme;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    LocalHttpServer() {
        this(null);
    }

    /** @param tls serves https with this context's certificate; plain http when null */
    LocalHttpServer(SSLContext tls) {
        try {
            var address = new InetSocketAddress("127.0.0.1", 0);
            if (tls == null) {
                server = HttpServer.create(address, 0);
            } else {
                var https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scheme = tls == null ? "http" : "https";
        server.setExecutor(executor);
        server.start();
    }

    LocalHttpServer answer(String path, int status, String body) {
        return handle(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    LocalHttpServer handle(String path, HttpHandler handler) {
        server.createContext(path, exchange -> {
            try (HttpExchange e = exchange) {
                handler.handle(e);
            } catch (IOException clientWentAway) {
                // The probe gave up (timeout, body limit): expected in some tests.
            }
        });
        return this;
    }

    String url(String path) {
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package io.horadus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP port that forwards each connection to another loopback port, bytes as they are (TLS
 * passes through). {@link #cut()} closes every open connection at once, as a network blip or a load
 * balancer dropping idle connections would, while new connections keep being accepted.
 */
public final class TcpProxy implements AutoCloseable {

    private final int target;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ServerSocketChannel server;

    public TcpProxy(int target) {
        this.target = target;
        try {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var acceptor = new Thread(this::accept, "tcp-proxy-" + target);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The proxy's own port on 127.0.0.1. */
    public int port() {
        return server.socket().getLocalPort();
    }

    /** How many connections were accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Closes every connection open now; returns how many sockets (both ends of each connection) were still open. */
    public int cut() {
        var sockets = (int) open.stream().filter(SocketChannel::isOpen).count();
        for (var channel : open) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closed already
            }
        }
        open.clear();
        return sockets;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closed already
        }
        cut();
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                var upstream = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), target));
                accepted.incrementAndGet();
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // The target does not answer (a stopped server): the client sees its connection refused, as it would directly.
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        var thread = new Thread(() -> {
            var buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                // one side went away: close both, so neither waits on a half-open connection
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closed already
                }
            }
            open.removeIf(channel -> !channel.isOpen());
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }
}

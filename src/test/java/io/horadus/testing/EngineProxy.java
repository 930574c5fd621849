package io.horadus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local Docker engine's socket offered on a loopback TCP port, for a release whose dockerHost is
 * tcp://127.0.0.1:port. {@link #stop()} makes the engine unreachable for that release, as a stopped
 * engine or a broken network would, without touching the engine other tests use; {@link #start()}
 * brings it back on the same port.
 */
public final class EngineProxy implements AutoCloseable {

    private static final Path SOCKET = Path.of("/var/run/docker.sock");

    private final int port;
    private final List<SocketChannel> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocketChannel server;

    public EngineProxy(int port) {
        this.port = port;
    }

    public String dockerHost() {
        return "tcp://127.0.0.1:" + port;
    }

    public synchronized void start() {
        try {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var accepting = server;
        var acceptor = new Thread(() -> accept(accepting), "engine-proxy-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes the port and every connection through it. */
    public synchronized void stop() {
        try {
            if (server != null) {
                server.close();
            }
            for (var channel : open) {
                channel.close();
            }
            open.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void accept(ServerSocketChannel accepting) {
        while (accepting.isOpen()) {
            try {
                var client = accepting.accept();
                var engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                engine.connect(UnixDomainSocketAddress.of(SOCKET));
                open.add(client);
                open.add(engine);
                pump(client, engine);
                pump(engine, client);
            } catch (IOException e) {
                return; // the port was closed by stop()
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
                // one side went away: the connection is over
            }
        }, "engine-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }
}

package io.horadus.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * TCP ports on 127.0.0.1 that nothing listens on at the moment of the call, taken below the kernel's
 * ephemeral range: a port from that range (what binding port 0 gives) is also handed out as the local
 * port of outgoing connections, and the operator's check rounds make many of those, so a test server
 * told such a port could later find it taken ("address in use").
 */
public final class LoopbackPorts {

    private static final int LOWEST = 20000;
    private static final int ATTEMPTS = 200;

    private LoopbackPorts() {
    }

    public static int free() {
        return distinct(1).get(0);
    }

    /**
     * {@code count} different free ports. The sockets stay open until all are picked, so the same port
     * is never handed out twice in one call.
     */
    public static List<Integer> distinct(int count) {
        var below = ephemeralLow();
        var sockets = new ArrayList<ServerSocket>();
        var ports = new ArrayList<Integer>();
        var tried = new HashSet<Integer>();
        try {
            for (int attempt = 0; attempt < ATTEMPTS && ports.size() < count; attempt++) {
                var port = ThreadLocalRandom.current().nextInt(LOWEST, below);
                if (!tried.add(port)) {
                    continue;
                }
                try {
                    var socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                    sockets.add(socket);
                    ports.add(port);
                } catch (IOException inUse) {
                    // taken: try another
                }
            }
            if (ports.size() < count) {
                throw new IllegalStateException("no " + count + " free loopback ports between " + LOWEST + " and " + below);
            }
            return List.copyOf(ports);
        } finally {
            for (var socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a listening socket we own cannot lose anything
                }
            }
        }
    }

    /** The first port of the ephemeral range (Linux: /proc/sys/net/ipv4/ip_local_port_range), 32768 when unknown. */
    private static int ephemeralLow() {
        try {
            var range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
            var low = Integer.parseInt(range[0]);
            return low > LOWEST + 1000 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}

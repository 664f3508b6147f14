package dev.swarm.node.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback port that was free a moment ago. Nodes must know their endpoint (with its port) before
 * they start, and crash tests restart a node on the same port, so these tests cannot bind port 0.
 *
 * <p>The ports come from below the kernel's ephemeral range. A port the kernel handed out for port 0
 * is one it may hand out again as the local end of any outgoing connection, so while a node is down
 * another node's client could take its port and the restart would fail with "Address already in use".
 * Below that range only a listener asks for a port by number. A test fork that is told its number
 * ({@code swarm.test.fork}, as the integration tests' forks are) takes its own quarter of the range, so
 * forks never hand out the same port; within it each JVM starts at a random place and walks upwards,
 * skipping ports in use.
 */
public final class FreePort {
    private static final int FLOOR = 10_000;
    private static final int SLICES = 4;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    static final int LOWEST;
    static final int ABOVE;

    static {
        int top = ephemeralStart();
        Integer fork = Integer.getInteger("swarm.test.fork");
        if (fork != null && top > FLOOR + 1_000) {
            int slice = (top - FLOOR) / SLICES;
            LOWEST = FLOOR + Math.floorMod(fork - 1, SLICES) * slice;
            ABOVE = LOWEST + slice;
        } else {
            LOWEST = FLOOR;
            ABOVE = top;
        }
    }

    /** Whether there is a range to walk; without one (no ephemeral range read) ports come from port 0. */
    static final boolean RANGED = ABOVE > LOWEST + 1_000;
    private static final AtomicInteger NEXT = new AtomicInteger(RANGED
            ? LOWEST + ThreadLocalRandom.current().nextInt(ABOVE - LOWEST) : 0);

    private FreePort() {
    }

    public static int next() {
        if (!RANGED) {
            return bind(0);
        }
        for (int tried = 0; tried < ABOVE - LOWEST; tried++) {
            int port = NEXT.getAndUpdate(p -> p + 1 >= ABOVE ? LOWEST : p + 1);
            if (bindable(port)) {
                return port;
            }
        }
        return bind(0);
    }

    private static boolean bindable(int port) {
        try {
            bind(port);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private static int bind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first port of the kernel's ephemeral range, or 0 when it cannot be read (then port 0 is used). */
    private static int ephemeralStart() {
        try {
            return Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

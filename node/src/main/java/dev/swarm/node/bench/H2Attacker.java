package dev.swarm.node.bench;

import dev.swarm.node.client.TrustStores;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;

/**
 * An HTTP/2 client that writes frames by hand over TLS (ALPN h2), for the attacks a well-behaved
 * client cannot make: streams that never end, bodies trickled a byte at a time, resets right after
 * each request, header blocks that decompress to far more than they weigh, endless CONTINUATION
 * frames. It answers the server's SETTINGS and PING so the connection stays up as long as the server
 * lets it, and counts what the server sends back. Headers are HPACK literals without Huffman coding.
 * It ignores flow control, so it sends only small bodies. The attack benchmark and the attack tests
 * both use it.
 */
public final class H2Attacker implements AutoCloseable {
    public static final int DATA = 0x0;
    public static final int HEADERS = 0x1;
    public static final int RST_STREAM = 0x3;
    public static final int SETTINGS = 0x4;
    public static final int PING = 0x6;
    public static final int GOAWAY = 0x7;
    public static final int CONTINUATION = 0x9;
    public static final int END_STREAM = 0x1;
    public static final int END_HEADERS = 0x4;

    private final SSLSocket socket;
    private final OutputStream out;
    private final AtomicBoolean closedByServer = new AtomicBoolean();
    private final AtomicInteger headersReceived = new AtomicInteger();
    private final AtomicInteger resetsReceived = new AtomicInteger();
    private final AtomicInteger goAways = new AtomicInteger();
    private final StringBuffer dataReceived = new StringBuffer();
    private final Thread reader;
    private volatile String goAwayReason;

    private H2Attacker(SSLSocket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        // the client's preface goes out before anything can answer the server's: the reader acknowledges
        // the server's SETTINGS, and an acknowledgement ahead of the preface is an invalid preface
        raw("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        write(SETTINGS, 0, 0, new byte[0]);
        reader = new Thread(this::readFrames, "h2-attacker-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Connects from {@code localAddress} (a loopback address of its own, e.g. 127.0.0.2) to a server
     * whose certificate {@code caFile} issued, and sends the preface.
     */
    public static H2Attacker connect(int port, String localAddress, Path caFile) {
        try {
            Socket plain = new Socket();
            plain.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            SSLSocket socket = (SSLSocket) tlsTrusting(caFile).getSocketFactory().createSocket(plain, "127.0.0.1", port,
                    true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            if (!"h2".equals(socket.getApplicationProtocol())) {
                throw new IllegalStateException("server did not choose h2: " + socket.getApplicationProtocol());
            }
            return new H2Attacker(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TLS context that trusts {@code caFile} (and the system's CAs). */
    public static SSLContext tlsTrusting(Path caFile) {
        try {
            X509TrustManager trust = TrustStores.trustManager(caFile);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new X509TrustManager[] {trust}, null);
            return tls;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request headers of a POST (or GET) to {@code path}, HPACK-encoded. */
    public static byte[] requestHeaders(String method, String path, int port, List<String[]> extra) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        literal(block, ":method", method);
        literal(block, ":scheme", "https");
        literal(block, ":authority", "127.0.0.1:" + port);
        literal(block, ":path", path);
        for (String[] header : extra) {
            literal(block, header[0], header[1]);
        }
        return block.toByteArray();
    }

    /** A literal header field without indexing, new name (RFC 7541 6.2.2). */
    public static void literal(ByteArrayOutputStream block, String name, String value) {
        block.write(0x00);
        string(block, name.getBytes(StandardCharsets.US_ASCII));
        string(block, value.getBytes(StandardCharsets.US_ASCII));
    }

    /** A literal with incremental indexing (into the dynamic table), new name (RFC 7541 6.2.1). */
    public static void indexedLiteral(ByteArrayOutputStream block, String name, String value) {
        block.write(0x40);
        string(block, name.getBytes(StandardCharsets.US_ASCII));
        string(block, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void string(ByteArrayOutputStream block, byte[] bytes) {
        integer(block, 0, 7, bytes.length);
        block.writeBytes(bytes);
    }

    public static void integer(ByteArrayOutputStream block, int flags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            block.write(flags | value);
            return;
        }
        block.write(flags | max);
        value -= max;
        while (value >= 128) {
            block.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        block.write(value);
    }

    /** Writes a frame; a connection the server closed fails with what the server had said before. */
    public void frame(int type, int flags, int streamId, byte[] payload) throws IOException {
        try {
            write(type, flags, streamId, payload);
        } catch (IOException e) {
            throw new IOException("the server closed the connection before stream " + streamId + "'s frame: "
                    + heard(), e);
        }
    }

    private synchronized void write(int type, int flags, int streamId, byte[] payload) throws IOException {
        byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16), (byte) (streamId >>> 8),
                (byte) streamId};
        out.write(header);
        out.write(payload);
        out.flush();
    }

    /** What the server sent, once the reader has seen the connection end (or two seconds on). */
    private String heard() {
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return headersReceived.get() + " HEADERS, " + resetsReceived.get() + " RST_STREAM, " + goAways.get()
                + " GOAWAY" + (goAwayReason == null ? "" : " (error " + goAwayReason + ")");
    }

    public void rst(int streamId) throws IOException {
        frame(RST_STREAM, 0, streamId, new byte[] {0, 0, 0, 8}); // CANCEL
    }

    private synchronized void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes a frame, but reports a connection the server closed as false instead of throwing. */
    public boolean tryFrame(int type, int flags, int streamId, byte[] payload) {
        try {
            write(type, flags, streamId, payload);
            return true;
        } catch (IOException e) {
            closedByServer.set(true);
            return false;
        }
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            while (true) {
                in.readFully(header);
                int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
                int type = header[3] & 0xff;
                int flags = header[4] & 0xff;
                byte[] payload = new byte[length];
                in.readFully(payload);
                switch (type) {
                    case SETTINGS -> {
                        if ((flags & 0x1) == 0) {
                            write(SETTINGS, 0x1, 0, new byte[0]);
                        }
                    }
                    case PING -> {
                        if ((flags & 0x1) == 0) {
                            write(PING, 0x1, 0, payload);
                        }
                    }
                    case HEADERS -> headersReceived.incrementAndGet();
                    case DATA -> dataReceived.append(new String(payload, StandardCharsets.UTF_8));
                    case RST_STREAM -> resetsReceived.incrementAndGet();
                    case GOAWAY -> {
                        goAways.incrementAndGet();
                        if (payload.length >= 8) { // last stream id, error code, debug text
                            goAwayReason = ByteBuffer.wrap(payload, 4, 4).getInt() + ": "
                                    + new String(payload, 8, payload.length - 8, StandardCharsets.UTF_8);
                        }
                    }
                    default -> { }
                }
            }
        } catch (IOException e) {
            closedByServer.set(true);
        }
    }

    public boolean closedByServer() {
        return closedByServer.get() || socket.isClosed();
    }

    public int headersReceived() {
        return headersReceived.get();
    }

    public int resetsReceived() {
        return resetsReceived.get();
    }

    /** The payloads of every DATA frame received so far, as text (the node's answers are JSON). */
    public String dataReceived() {
        return dataReceived.toString();
    }

    public int goAways() {
        return goAways.get();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }
}

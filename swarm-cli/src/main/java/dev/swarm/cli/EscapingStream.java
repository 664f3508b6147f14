package dev.swarm.cli;

import dev.swarm.node.messaging.PeerText;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Standard error as the process's terminal gets it: UTF-8 text with every character {@link PeerText}
 * hides, but newline and tab, shown as an escape. Logs of {@code swarm serve} quote what peers said
 * (a swarm name, a refusal), stack traces quote messages; none of it may move the cursor or set the
 * title of the terminal the daemon runs in. Bytes are decoded as they come; a character whose bytes
 * are split across two writes waits for the rest (the decoder keeps an incomplete sequence).
 */
final class EscapingStream extends OutputStream {
    private final OutputStream target;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private ByteBuffer pending = ByteBuffer.allocate(256);
    private final CharBuffer chars = CharBuffer.allocate(512);

    private EscapingStream(OutputStream target) {
        this.target = target;
    }

    /** {@code stream} behind an escaping filter, flushing at every line as standard error does. */
    static PrintStream wrap(PrintStream stream) {
        return new PrintStream(new EscapingStream(stream), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (pending.remaining() < length) {
            ByteBuffer larger = ByteBuffer.allocate(pending.position() + length + 256);
            pending.flip();
            larger.put(pending);
            pending = larger;
        }
        pending.put(bytes, offset, length);
        pending.flip();
        StringBuilder text = new StringBuilder();
        while (true) {
            chars.clear();
            boolean more = decoder.decode(pending, chars, false).isOverflow();
            chars.flip();
            text.append(chars);
            if (!more) {
                break;
            }
        }
        pending.compact();
        target.write(PeerText.escape(text.toString()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }
}

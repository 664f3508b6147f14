package dev.swarm.node.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.swarm.node.protocol.Json;
import java.io.IOException;

/**
 * A stranger's body checked against the JSON limits ({@link Json#newUntrustedFeedParser}: tokens,
 * depth, name and number lengths) while it arrives, so that a body that breaks them ({@code
 * {"x":[{},{},...]}}, {@code [[[[...}) is refused at the token that breaks them instead of after a
 * mebibyte has been read, buffered and parsed. It only tokenises (no tree), and it decides only
 * that: a body that is not JSON, or has something after its document, is left to the parse after the
 * read, which refuses it with its own message. Not thread-safe: one per body, fed in order.
 */
final class JsonLimitsCheck {
    private final JsonParser parser = Json.newUntrustedFeedParser();
    private final ByteArrayFeeder feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    private boolean decided;

    /**
     * Tokenises {@code length} more bytes (the caller may reuse {@code bytes} afterwards); throws
     * the {@code json_limits} refusal when they break a limit.
     */
    void feed(byte[] bytes, int offset, int length) {
        if (decided) {
            return;
        }
        try {
            feeder.feedInput(bytes, offset, offset + length);
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.NOT_AVAILABLE) {
                if (token == null || parser.getParsingContext().inRoot()) {
                    stop(); // the document is complete: whatever follows is the parse's to judge
                    return;
                }
            }
        } catch (StreamConstraintsException e) {
            stop();
            throw Json.beyondUntrustedLimits();
        } catch (IOException e) {
            stop(); // not JSON: the parse after the read answers it
        }
    }

    private void stop() {
        decided = true;
        try {
            parser.close();
        } catch (IOException ignored) {
            // a parser over fed bytes has nothing to release
        }
    }
}

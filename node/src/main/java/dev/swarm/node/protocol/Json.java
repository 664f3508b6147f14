package dev.swarm.node.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The one Jackson configuration of the node: snake_case names, unset fields left out (nulls inside
 * maps kept), only record components written, unknown fields ignored on read (receivers ignore
 * fields they do not know). Thread-safe and shared.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            // unset record components are left out, but a null *inside* a map (metadata) is a value
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
                    JsonInclude.Include.ALWAYS))
            // records serialise exactly their components: helpers such as isBroadcast() never leak
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Limits while parsing what strangers send (a request body before its sender is known). A body is
     * at most max_body_bytes, but a tree costs far more than its text when the text is made of tiny
     * values ({@code {"x":[{},{},...]}}: about 20 times); bounding the tokens bounds the tree (16,384
     * tokens are well under 2 MiB of nodes, whatever they are) while leaving room for any real envelope
     * or join request (a few dozen tokens, a few thousand with hundreds of references).
     */
    public static final int MAX_UNTRUSTED_TOKENS = 16_384;
    public static final int MAX_UNTRUSTED_DEPTH = 32;

    private static final ObjectMapper UNTRUSTED = MAPPER.copy();

    static {
        // Nesting depth bounds the work a hostile document can cause; our documents are shallow.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        UNTRUSTED.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_UNTRUSTED_DEPTH).maxTokenCount(MAX_UNTRUSTED_TOKENS).maxNameLength(1024)
                .maxNumberLength(64).build());
    }

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toText(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toPrettyText(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a JSON document; throws {@link IOException} subclasses for malformed input. */
    public static JsonNode readTree(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    /** Parses a request body from a stranger, within the limits above; throws {@link IOException} beyond them. */
    public static JsonNode readUntrusted(byte[] bytes) throws IOException {
        return UNTRUSTED.readTree(bytes);
    }

    /** The refusal of a stranger's body that breaks the limits of {@link #readUntrusted} (400, {@code json_limits}). */
    public static SwarmException beyondUntrustedLimits() {
        return new SwarmException(ErrorCode.INVALID_FORMAT, "body is beyond this node's JSON limits (at most "
                + MAX_UNTRUSTED_TOKENS + " values, nested at most " + MAX_UNTRUSTED_DEPTH + " deep)",
                Map.of("field", "$", "reason", "json_limits"));
    }

    /**
     * A non-blocking parser with the same limits as {@link #readUntrusted}, fed a body's bytes as they
     * arrive: a body that breaks a limit is known at the token that breaks it, before the rest is read.
     */
    public static JsonParser newUntrustedFeedParser() {
        try {
            return UNTRUSTED.getFactory().createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode readTree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }
}

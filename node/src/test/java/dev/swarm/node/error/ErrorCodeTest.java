package dev.swarm.node.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorCodeTest {
    /** PROTOCOL.md section 6, code by code, plus the two route codes docs/protocol.md adds. */
    private static final Map<String, Integer> WIRE = Map.ofEntries(
            Map.entry("INVALID_FORMAT", 400), Map.entry("INVALID_TOKEN", 400), Map.entry("INVALID_SIGNATURE", 401),
            Map.entry("TOKEN_EXPIRED", 401), Map.entry("TOKEN_EXHAUSTED", 401), Map.entry("NOT_AUTHORIZED", 403),
            Map.entry("NOT_MEMBER", 403), Map.entry("NOT_MASTER", 403), Map.entry("SWARM_NOT_FOUND", 404),
            Map.entry("MEMBER_NOT_FOUND", 404), Map.entry("PAYLOAD_TOO_LARGE", 413), Map.entry("RATE_LIMITED", 429),
            Map.entry("INTERNAL_ERROR", 500), Map.entry("NOT_FOUND", 404), Map.entry("METHOD_NOT_ALLOWED", 405),
            // our additions, docs/protocol.md "Errors": load shedding and the body read deadline
            Map.entry("OVERLOADED", 503), Map.entry("BODY_TIMEOUT", 408));

    /** docs/cli.md, exit code table. */
    private static final Map<ErrorCode, Integer> EXIT = Map.ofEntries(
            Map.entry(ErrorCode.INTERNAL_ERROR, 1), Map.entry(ErrorCode.WAKE_FAILED, 1),
            Map.entry(ErrorCode.INVALID_ARGUMENT, 2), Map.entry(ErrorCode.INVALID_FORMAT, 2),
            Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, 2), Map.entry(ErrorCode.CONFIG_INVALID, 2),
            Map.entry(ErrorCode.METHOD_NOT_ALLOWED, 2),
            Map.entry(ErrorCode.PEER_UNREACHABLE, 3), Map.entry(ErrorCode.PEER_PROTOCOL_ERROR, 3),
            Map.entry(ErrorCode.INVALID_TOKEN, 4), Map.entry(ErrorCode.TOKEN_EXPIRED, 4),
            Map.entry(ErrorCode.TOKEN_EXHAUSTED, 4), Map.entry(ErrorCode.INVALID_SIGNATURE, 4),
            Map.entry(ErrorCode.NOT_AUTHORIZED, 4), Map.entry(ErrorCode.NOT_MEMBER, 4),
            Map.entry(ErrorCode.NOT_MASTER, 4), Map.entry(ErrorCode.UNAUTHENTICATED, 4),
            Map.entry(ErrorCode.SWARM_NOT_FOUND, 5), Map.entry(ErrorCode.MEMBER_NOT_FOUND, 5),
            Map.entry(ErrorCode.NOT_FOUND, 5),
            Map.entry(ErrorCode.RATE_LIMITED, 6), Map.entry(ErrorCode.OVERLOADED, 6),
            Map.entry(ErrorCode.BODY_TIMEOUT, 3),
            Map.entry(ErrorCode.NOT_INITIALIZED, 7), Map.entry(ErrorCode.ALREADY_INITIALIZED, 7),
            Map.entry(ErrorCode.CONFLICT, 7), Map.entry(ErrorCode.NOT_SERVING, 7));

    @Test
    void everyProtocolCodeIsAWireCodeWithTheProtocolsHttpStatus() {
        WIRE.forEach((name, status) -> {
            ErrorCode code = ErrorCode.valueOf(name);
            assertThat(code.isWireCode()).as(name).isTrue();
            assertThat(code.httpStatus()).as(name).isEqualTo(status);
        });
    }

    @Test
    void localCodesNeverGoOnTheWire() {
        Arrays.stream(ErrorCode.values()).filter(code -> !WIRE.containsKey(code.name()))
                .forEach(code -> assertThat(code.isWireCode()).as(code.name()).isFalse());
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyCodeHasTheDocumentedExitCode(ErrorCode code) {
        assertThat(EXIT).containsKey(code);
        assertThat(code.exitCode()).isEqualTo(EXIT.get(code));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void aWireCodeReadBackFromAPeerIsTheSameCode(ErrorCode code) {
        ErrorCode expected = code.isWireCode() ? code : ErrorCode.PEER_PROTOCOL_ERROR;
        assertThat(ErrorCode.fromWire(code.name())).isEqualTo(expected);
    }

    @Test
    void anUnknownPeerCodeIsAPeerProtocolError() {
        assertThat(ErrorCode.fromWire("SOMETHING_NEW")).isEqualTo(ErrorCode.PEER_PROTOCOL_ERROR);
        assertThat(ErrorCode.fromWire(null)).isEqualTo(ErrorCode.PEER_PROTOCOL_ERROR);
        assertThat(ErrorCode.byName("SOMETHING_NEW")).isEqualTo(ErrorCode.PEER_PROTOCOL_ERROR);
        assertThat(ErrorCode.byName("PEER_UNREACHABLE")).isEqualTo(ErrorCode.PEER_UNREACHABLE);
    }
}

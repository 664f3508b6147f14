package dev.swarm.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.node.support.RawClient;
import java.util.ArrayList;
import java.util.List;

/** Assertions on the protocol's error answer: {@code {"error":{"code","message","details"}}} (PROTOCOL.md 6). */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /** Checks status, JSON content type, the exact error shape and the code; returns the {@code error} object. */
    static JsonNode assertError(RawClient.Answer answer, int status, String code) {
        assertThat(answer.status()).as("HTTP status of the answer %s", answer.body()).isEqualTo(status);
        assertThat(answer.headers().get("content-type")).as("content type")
                .anySatisfy(type -> assertThat(type).startsWith("application/json"));
        JsonNode body;
        try {
            body = answer.json();
        } catch (RuntimeException e) {
            return fail("the error answer is not JSON: " + answer.body());
        }
        assertThat(fieldNames(body)).as("top-level fields of %s", answer.body()).containsExactly("error");
        JsonNode error = body.get("error");
        assertThat(fieldNames(error)).as("fields of error in %s", answer.body())
                .containsExactlyInAnyOrder("code", "message", "details");
        assertThat(error.get("code").isTextual()).as("error.code is a string").isTrue();
        assertThat(error.get("code").textValue()).as("error.code of %s", answer.body()).isEqualTo(code);
        assertThat(error.get("message").isTextual()).as("error.message is a string").isTrue();
        assertThat(error.get("message").textValue()).as("error.message").isNotBlank();
        assertThat(error.get("details").isObject() || error.get("details").isNull())
                .as("error.details is an object or null in %s", answer.body()).isTrue();
        return error;
    }

    private static List<String> fieldNames(JsonNode node) {
        if (node == null || !node.isObject()) {
            return fail("expected a JSON object, got " + node);
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package dev.swarm.node.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swarm.node.error.ErrorCode;
import dev.swarm.node.error.SwarmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    private static final InputSchema SCHEMA = new InputSchema()
            .requiredString("to", "who gets it")
            .string("swarm", "which swarm")
            .integer("limit", "how many", 10, 1, 100)
            .bool("mark_read", "mark them read", true)
            .array("references", "what it is about", Map.of("type", "object"));

    @Test
    void anArgumentTheSchemaDoesNotListIsRefusedNamingItAndWhatTheToolTakes() {
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "bob", "recipient", "bob"), SCHEMA))
                .isInstanceOfSatisfying(SwarmException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("unknown argument recipient")
                            .contains("to, swarm, limit, mark_read, references");
                    assertThat(e.details()).containsEntry("field", "recipient");
                });
    }

    @Test
    void aMissingRequiredArgumentIsRefusedWithItsDescription() {
        assertThatThrownBy(() -> Arguments.of(Map.of("swarm", "abcd"), SCHEMA))
                .isInstanceOfSatisfying(SwarmException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).isEqualTo("argument 'to' is required: who gets it");
                    assertThat(e.details()).containsEntry("field", "to");
                });
    }

    @Test
    void aBlankOrNullRequiredStringCountsAsMissing() {
        Map<String, Object> nullTo = new HashMap<>();
        nullTo.put("to", null);
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "  "), SCHEMA)).hasMessageContaining("'to' is required");
        assertThatThrownBy(() -> Arguments.of(nullTo, SCHEMA)).hasMessageContaining("'to' is required");
        assertThatThrownBy(() -> Arguments.of(null, SCHEMA)).hasMessageContaining("'to' is required");
    }

    @Test
    void absentOptionalArgumentsTakeTheirDefaultsAndBlankStringsCountAsAbsent() {
        Arguments arguments = Arguments.of(Map.of("to", "bob", "swarm", " "), SCHEMA);

        assertThat(arguments.requiredString("to")).isEqualTo("bob");
        assertThat(arguments.string("swarm")).isNull();
        assertThat(arguments.integer("limit", 10, 1, 100)).isEqualTo(10);
        assertThat(arguments.bool("mark_read", true)).isTrue();
        assertThat(arguments.list("references")).isNull();
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedNamingTheArgument() {
        assertThatThrownBy(() -> Arguments.of(Map.of("to", 42), SCHEMA).requiredString("to"))
                .hasMessage("argument 'to' must be a string");
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "bob", "limit", "ten"), SCHEMA).integer("limit", 10, 1, 100))
                .hasMessage("argument 'limit' must be a whole number");
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "bob", "limit", 2.5), SCHEMA).integer("limit", 10, 1, 100))
                .hasMessage("argument 'limit' must be a whole number");
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "bob", "mark_read", "yes"), SCHEMA).bool("mark_read", true))
                .hasMessage("argument 'mark_read' must be true or false");
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "bob", "references", "#12"), SCHEMA).list("references"))
                .isInstanceOfSatisfying(SwarmException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("argument 'references' must be an array");
                    assertThat(e.details()).containsEntry("field", "references");
                });
    }

    @Test
    void aNumberOutsideItsRangeIsRefusedWithTheRangeAndAWholeDoubleIsAccepted() {
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "bob", "limit", 0), SCHEMA).integer("limit", 10, 1, 100))
                .hasMessage("argument 'limit' must be between 1 and 100");
        assertThatThrownBy(() -> Arguments.of(Map.of("to", "bob", "limit", 1e12), SCHEMA).integer("limit", 10, 1, 100))
                .hasMessage("argument 'limit' must be between 1 and 100");
        assertThat(Arguments.of(Map.of("to", "bob", "limit", 25.0), SCHEMA).integer("limit", 10, 1, 100)).isEqualTo(25);
        assertThat(Arguments.of(Map.of("to", "bob", "references", List.of()), SCHEMA).list("references")).isEmpty();
    }

    @Test
    void theSchemaListsEveryArgumentWithItsTypeAndDescriptionAndAllowsNoOthers() {
        Map<String, Object> schema = SCHEMA.toMap();

        assertThat(schema).containsEntry("type", "object").containsEntry("additionalProperties", false)
                .containsEntry("required", List.of("to"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) schema.get("properties");
        assertThat(properties.keySet()).containsExactly("to", "swarm", "limit", "mark_read", "references");
        assertThat(properties.get("limit")).containsEntry("type", "integer").containsEntry("minimum", 1)
                .containsEntry("maximum", 100).containsEntry("default", 10);
        assertThat(properties.values()).allSatisfy(p -> assertThat(p.get("description")).isNotNull());
    }
}

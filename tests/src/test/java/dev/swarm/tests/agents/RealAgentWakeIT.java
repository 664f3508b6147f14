package dev.swarm.tests.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bob's node wakes a real Claude Code, Codex or Gemini CLI in its tmux pane when alice's message
 * arrives: typed and submitted at the idle prompt, and never into the user's half-typed text. Two
 * real nodes ({@link PeerPair}), the real agent against the {@link StandInModel}; every wait is on
 * the wake log, the screen or the model's requests, with limits generous for two busy cores.
 */
class RealAgentWakeIT {
    private static final Duration TURN = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private StandInModel model;
    private RealAgent agent;
    private PeerPair pair;

    @AfterEach
    void stop() {
        if (pair != null) {
            pair.close();
        }
        if (agent != null) {
            agent.close();
        }
        if (model != null) {
            model.close();
        }
    }

    @ParameterizedTest
    @EnumSource(AgentKind.class)
    void aMessageToAnIdleAgentIsTypedAndSubmittedAsATurnNamingTheSender(AgentKind kind) {
        model = StandInModel.start();
        agent = RealAgent.builder(kind, dir, model).start();
        pair = PeerPair.start(dir, agent, "60");

        String messageId = pair.send("the parser tests pass on my side");

        JsonNode typed = awaitOutcome(messageId, "typed", TURN);
        ModelRequest turn = model.awaitTurn("a turn with the wake line",
                r -> r.lastUserText().contains(typed.get("line").asText()), TURN);
        assertThat(turn.lastUserText()).contains("alice").doesNotContain("parser tests pass");
        assertThat(pair.wakeLog()).as("one wake").hasSize(1);
        agent.awaitState(AgentScreen.State.IDLE_EMPTY, TURN);
        assertThat(model.failures()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(AgentKind.class)
    void theUsersHalfTypedTextIsNeverTouchedAndTheWakeGivesUpAsNotDelivered(AgentKind kind) {
        model = StandInModel.start();
        agent = RealAgent.builder(kind, dir, model).start();
        pair = PeerPair.start(dir, agent, "15");
        agent.type("please fix the parser");
        agent.awaitScreen("the user's text is in the input box",
                s -> AgentScreen.input(kind, s).orElse("").equals("please fix the parser"), RealAgent.SCREEN);

        String messageId = pair.send("the parser tests pass on my side");

        JsonNode gaveUp = awaitOutcome(messageId, "not_delivered", TURN);
        assertThat(pair.wakeLog()).as("nothing typed: %s", pair.wakeLog())
                .noneMatch(e -> e.get("outcome").asText().equals("typed"));
        assertThat(AgentScreen.input(kind, agent.screen())).as("the input box, untouched; wake: %s", gaveUp)
                .contains("please fix the parser");
        assertThat(model.turns()).as("no turn was submitted").isEmpty();
        assertThat(pair.bob("messages", "--count").get("unread").asInt()).as("still unread").isEqualTo(1);
    }

    /** Waits for bob's wake log entry with {@code outcome} covering {@code messageId}. */
    private JsonNode awaitOutcome(String messageId, String outcome, Duration limit) {
        List<JsonNode> log = await("a wake '" + outcome + "' for " + messageId).atMost(limit)
                .pollInterval(Duration.ofMillis(250))
                .until(pair::wakeLog, entries -> entries.stream().anyMatch(e -> covers(e, messageId, outcome)));
        return log.stream().filter(e -> covers(e, messageId, outcome)).findFirst().orElseThrow();
    }

    private static boolean covers(JsonNode entry, String messageId, String outcome) {
        return outcome.equals(entry.get("outcome").asText()) && PeerPair.items(entry.get("message_ids")).stream()
                .anyMatch(id -> id.asText().equals(messageId));
    }
}

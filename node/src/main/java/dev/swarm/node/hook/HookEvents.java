package dev.swarm.node.hook;

import dev.swarm.node.agent.AgentKind;
import dev.swarm.node.error.SwarmException;
import dev.swarm.node.wake.AgentSignal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events each client's hooks report, what each means for the agent's state, and whether its
 * answer can put text into the model's context (and how). The names are the clients' own, as their
 * configuration files spell them; {@code swarm agent setup} installs exactly these.
 */
public final class HookEvents {
    /** How an event's answer reaches the model, if at all. */
    public enum Delivery {
        /** The answer cannot carry text to the model. */
        NONE,
        /** {@code hookSpecificOutput.additionalContext}: added to the context of the turn. */
        CONTEXT,
        /** The turn is about to end: the answer can keep it going with the text as the reason. */
        CONTINUE
    }

    /** One event of one client. */
    public record Event(AgentKind agent, String name, AgentSignal signal, Delivery delivery) {
    }

    private static final Map<AgentKind, List<Event>> EVENTS = Map.of(
            AgentKind.CLAUDE, List.of(
                    new Event(AgentKind.CLAUDE, "SessionStart", AgentSignal.SESSION_START, Delivery.CONTEXT),
                    new Event(AgentKind.CLAUDE, "UserPromptSubmit", AgentSignal.PROMPT, Delivery.CONTEXT),
                    new Event(AgentKind.CLAUDE, "PostToolUse", AgentSignal.TOOL, Delivery.CONTEXT),
                    new Event(AgentKind.CLAUDE, "Stop", AgentSignal.TURN_END, Delivery.CONTINUE),
                    new Event(AgentKind.CLAUDE, "Notification", AgentSignal.NEEDS_USER, Delivery.NONE),
                    new Event(AgentKind.CLAUDE, "SessionEnd", AgentSignal.SESSION_END, Delivery.NONE)),
            AgentKind.CODEX, List.of(
                    new Event(AgentKind.CODEX, "SessionStart", AgentSignal.SESSION_START, Delivery.CONTEXT),
                    new Event(AgentKind.CODEX, "UserPromptSubmit", AgentSignal.PROMPT, Delivery.CONTEXT),
                    new Event(AgentKind.CODEX, "PostToolUse", AgentSignal.TOOL, Delivery.CONTEXT),
                    new Event(AgentKind.CODEX, "Stop", AgentSignal.TURN_END, Delivery.CONTINUE),
                    new Event(AgentKind.CODEX, "notify", AgentSignal.TURN_END, Delivery.NONE)),
            AgentKind.GEMINI, List.of(
                    new Event(AgentKind.GEMINI, "SessionStart", AgentSignal.SESSION_START, Delivery.CONTEXT),
                    new Event(AgentKind.GEMINI, "BeforeAgent", AgentSignal.PROMPT, Delivery.CONTEXT),
                    new Event(AgentKind.GEMINI, "AfterTool", AgentSignal.TOOL, Delivery.CONTEXT),
                    new Event(AgentKind.GEMINI, "AfterAgent", AgentSignal.TURN_END, Delivery.NONE),
                    new Event(AgentKind.GEMINI, "Notification", AgentSignal.NEEDS_USER, Delivery.NONE),
                    new Event(AgentKind.GEMINI, "SessionEnd", AgentSignal.SESSION_END, Delivery.NONE)));

    private HookEvents() {
    }

    /** Every event {@code swarm agent setup} installs for that client. */
    public static List<Event> of(AgentKind agent) {
        return EVENTS.get(agent);
    }

    /** The names of those events, in that order. */
    public static List<String> names(AgentKind agent) {
        return EVENTS.get(agent).stream().map(Event::name).toList();
    }

    public static Optional<Event> find(AgentKind agent, String name) {
        return EVENTS.get(agent).stream().filter(event -> event.name().equals(name)).findFirst();
    }

    public static Event parse(AgentKind agent, String name) {
        return find(agent, name).orElseThrow(() -> SwarmException.invalidArgument("unknown " + agent.wire()
                + " hook event '" + name + "' (known: " + String.join(", ", EVENTS.get(agent).stream()
                .map(Event::name).toList()) + ")"));
    }
}

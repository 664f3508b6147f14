package dev.swarm.node.hook;

import dev.swarm.node.agent.AgentKind;
import dev.swarm.node.protocol.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer a hook prints, in its client's format: for events that add context,
 * {@code {"hookSpecificOutput":{"hookEventName":E,"additionalContext":TEXT}}} (the shape Claude Code,
 * Codex and Gemini CLI share); for a turn that is about to end, {@code {"decision":"block","reason":TEXT}},
 * which keeps the turn going with the text. Built with the JSON library, never by concatenation.
 */
final class HookOutput {
    private HookOutput() {
    }

    static String render(AgentKind agent, HookEvents.Event event, String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (event.delivery() == HookEvents.Delivery.CONTINUE) {
            out.put("decision", "block");
            out.put("reason", text);
        } else {
            Map<String, Object> specific = new LinkedHashMap<>();
            specific.put("hookEventName", event.name());
            specific.put("additionalContext", text);
            out.put("hookSpecificOutput", specific);
        }
        return Json.toText(out);
    }
}

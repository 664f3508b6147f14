package dev.swarm.node.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swarm.node.hook.HookEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code hooks} object the three clients share in shape:
 * {@code {"EVENT": [{"matcher": M, "hooks": [{"type": "command", "command": C, "timeout": T}]}]}}.
 * Ours are recognised by their command ({@code .../swarm hook AGENT ...}); installing first takes out
 * every one of ours and then adds one group per event at the end, so a second run writes the same
 * file, a moved checkout replaces its old paths, and nobody else's hooks move or change.
 */
final class HookEntries {
    private static final Pattern HOME = Pattern.compile("--home ('(?:[^']|'\\\\'')*'|\\S+)");

    /** How one client spells a hook entry: matcher per event (null: none) and its timeout value. */
    record Style(Map<String, String> matchers, int timeout) {
    }

    private HookEntries() {
    }

    static boolean ours(String command, AgentKind agent) {
        return command != null && Pattern.compile("(^|[/'\\s])swarm'?\\s+hook\\s+" + agent.wire() + "\\s")
                .matcher(command).find();
    }

    static void install(Path file, ObjectNode root, AgentKind agent, SetupRequest request, Style style) {
        ObjectNode hooks = JsonConfig.object(file, root, "hooks");
        remove(hooks, agent);
        for (HookEvents.Event event : HookEvents.of(agent)) {
            if ("notify".equals(event.name())) {
                continue;
            }
            ArrayNode groups = JsonConfig.array(file, hooks, event.name());
            ObjectNode group = groups.addObject();
            String matcher = style.matchers().get(event.name());
            if (matcher != null) {
                group.put("matcher", matcher);
            }
            ObjectNode hook = group.putArray("hooks").addObject();
            hook.put("type", "command");
            hook.put("command", request.hookCommand(agent, event.name()));
            hook.put("timeout", style.timeout());
        }
    }

    /** Takes our entries out of {@code hooks}; groups and events left empty by that go too. */
    static void remove(ObjectNode hooks, AgentKind agent) {
        List<String> emptied = new ArrayList<>();
        hooks.fields().forEachRemaining(event -> {
            if (!(event.getValue() instanceof ArrayNode groups)) {
                return;
            }
            boolean removedAny = false;
            for (Iterator<JsonNode> g = groups.elements(); g.hasNext(); ) {
                JsonNode group = g.next();
                if (!(group.get("hooks") instanceof ArrayNode entries)) {
                    continue;
                }
                boolean removedHere = false;
                for (Iterator<JsonNode> h = entries.elements(); h.hasNext(); ) {
                    if (ours(h.next().path("command").asText(null), agent)) {
                        h.remove();
                        removedHere = true;
                    }
                }
                if (removedHere && entries.isEmpty()) {
                    g.remove();
                }
                removedAny |= removedHere;
            }
            if (removedAny && groups.isEmpty()) {
                emptied.add(event.getKey());
            }
        });
        emptied.forEach(hooks::remove);
    }

    /** The events that have a hook of ours. */
    static List<String> installed(JsonNode hooks, AgentKind agent) {
        List<String> events = new ArrayList<>();
        if (hooks == null) {
            return events;
        }
        hooks.fields().forEachRemaining(event -> {
            for (JsonNode group : event.getValue()) {
                for (JsonNode hook : group.path("hooks")) {
                    if (ours(hook.path("command").asText(null), agent) && !events.contains(event.getKey())) {
                        events.add(event.getKey());
                    }
                }
            }
        });
        return events;
    }

    /** The node home our hooks pass, when they all pass the same one. */
    static Optional<String> home(JsonNode hooks, AgentKind agent) {
        List<String> homes = new ArrayList<>();
        if (hooks != null) {
            hooks.fields().forEachRemaining(event -> {
                for (JsonNode group : event.getValue()) {
                    for (JsonNode hook : group.path("hooks")) {
                        String command = hook.path("command").asText(null);
                        if (ours(command, agent)) {
                            Matcher home = HOME.matcher(command);
                            if (home.find()) {
                                homes.add(unquote(home.group(1)));
                            }
                        }
                    }
                }
            });
        }
        return homes.stream().distinct().count() == 1 ? Optional.of(homes.get(0)) : Optional.empty();
    }

    /** Every event we install for this client that has no hook of ours. */
    static List<String> missing(JsonNode hooks, AgentKind agent) {
        List<String> installed = installed(hooks, agent);
        return HookEvents.of(agent).stream().map(HookEvents.Event::name).filter(name -> !"notify".equals(name))
                .filter(name -> !installed.contains(name)).toList();
    }

    private static String unquote(String word) {
        return word.startsWith("'") && word.endsWith("'") && word.length() >= 2
                ? word.substring(1, word.length() - 1).replace("'\\''", "'") : word;
    }
}

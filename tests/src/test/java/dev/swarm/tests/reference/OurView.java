package dev.swarm.tests.reference;

import static dev.swarm.tests.Cli.items;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swarm.tests.Cli;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the user of one of our nodes sees of a swarm, through our CLI ({@code --json}, schema-checked by
 * {@link Cli}).
 */
final class OurView {
    private OurView() {
    }

    /** {@code swarm create}; returns the new swarm's id. */
    static String create(Cli master, String name, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "create";
        args[1] = "--name";
        args[2] = name;
        System.arraycopy(options, 0, args, 3, options.length);
        return master.json(args).get("swarm_id").asText();
    }

    /** {@code swarm invite} for that swarm; returns the {@code swarm://} URL a user passes on. */
    static String invite(Cli master, String swarmId) {
        return master.json("invite", "--swarm", swarmId).get("invite_token").asText();
    }

    /** The swarm as {@code swarm list --members} shows it, if this node knows it. */
    static Optional<JsonNode> swarm(Cli who, String swarmId) {
        return items(who.json("list", "--members").get("swarms")).stream()
                .filter(s -> s.get("swarm_id").asText().equals(swarmId)).findFirst();
    }

    /** {@code active}, {@code left}, {@code kicked} or {@code dissolved}. */
    static String state(Cli who, String swarmId) {
        return swarm(who, swarmId).orElseThrow(() -> new AssertionError(who.name() + " does not know " + swarmId))
                .get("state").asText();
    }

    /** Each member's public key, as this node lists them (empty when it does not know the swarm). */
    static Map<String, String> members(Cli who, String swarmId) {
        Map<String, String> keys = new LinkedHashMap<>();
        swarm(who, swarmId).ifPresent(swarm -> items(swarm.get("members"))
                .forEach(m -> keys.put(m.get("agent_id").asText(), m.get("public_key").asText())));
        return keys;
    }

    /** Every message in that swarm's inbox, whatever its status, without marking any read. */
    static List<JsonNode> inbox(Cli who, String swarmId) {
        return items(who.json("messages", "--swarm", swarmId, "--status", "all", "--limit", "1000", "--no-mark-read")
                .get("messages"));
    }

    /** The inbox entries with that message id (one, when it arrived; stored once however often it came). */
    static List<JsonNode> received(Cli who, String swarmId, String messageId) {
        return inbox(who, swarmId).stream().filter(m -> m.get("message_id").asText().equals(messageId)).toList();
    }

    /** The messages (not system notices) from {@code sender} in that swarm's inbox. */
    static List<JsonNode> messagesFrom(Cli who, String swarmId, String sender) {
        return inbox(who, swarmId).stream().filter(m -> m.get("type").asText().equals("message"))
                .filter(m -> m.get("sender").get("agent_id").asText().equals(sender)).toList();
    }

    /** Each recipient's delivery status in a send, leave, kick or dissolve outcome. */
    static Map<String, String> deliveries(JsonNode outcome) {
        Map<String, String> statuses = new LinkedHashMap<>();
        items(outcome.get("deliveries"))
                .forEach(d -> statuses.put(d.get("agent_id").asText(), d.get("status").asText()));
        return statuses;
    }
}
